namespace RustyNode.Consensus.Model;

/// <summary>A block: a header and its transactions, the first of which is the coinbase (CHAIN-1.9).</summary>
public sealed class Block
{
    private int _size = -1;

    public Block(BlockHeader header, IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(transactions);
        Header = header;
        Transactions = transactions;
    }

    public BlockHeader Header { get; }

    public IReadOnlyList<Transaction> Transactions { get; }

    /// <summary>Shortcut for the header hash.</summary>
    public Primitives.Hash256 Hash => Header.Hash;

    /// <summary>Serialized size in bytes.</summary>
    public int Size => _size >= 0 ? _size : _size = BlockCodec.GetSize(this);

    /// <summary>The serialization as a new array.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        BlockCodec.Write(this, bytes);
        return bytes;
    }

    /// <summary>Parses a buffer holding exactly one block.</summary>
    public static Block FromBytes(ReadOnlyMemory<byte> bytes) => BlockCodec.FromBytes(bytes);
}
