using System.Buffers.Binary;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>Writes the fields of a masternode message (MN-1.3) into a span sized beforehand with the matching <c>Size</c> methods.</summary>
internal ref struct FieldWriter
{
    private readonly Span<byte> _buffer;

    public FieldWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        Position = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public int Position { get; private set; }

    public static int VarBytesSize(int length) => CompactSize.GetSize((ulong)length) + length;

    public static int HashesSize(IReadOnlyList<Hash256> hashes) => CompactSize.GetSize((ulong)hashes.Count) + (hashes.Count * Hash256.Size);

    public static int EntriesSize(IReadOnlyList<MasternodeEntry> entries)
    {
        var size = CompactSize.GetSize((ulong)entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            size += entries[i].Size;
        }

        return size;
    }

    public static int CoinbaseSize(Transaction coinbase) => VarBytesSize(coinbase.Size);

    public void WriteByte(byte value) => _buffer[Position++] = value;

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[Position..], value);
        Position += 4;
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer[Position..], value);
        Position += 8;
    }

    public void WriteHash(in Hash256 value)
    {
        value.WriteTo(_buffer[Position..]);
        Position += Hash256.Size;
    }

    public void WriteCompactSize(int value) => Position += CompactSize.Write(_buffer[Position..], (ulong)value);

    public void WriteVarBytes(ReadOnlySpan<byte> value)
    {
        WriteCompactSize(value.Length);
        value.CopyTo(_buffer[Position..]);
        Position += value.Length;
    }

    public void WriteHashes(IReadOnlyList<Hash256> hashes)
    {
        WriteCompactSize(hashes.Count);
        for (var i = 0; i < hashes.Count; i++)
        {
            WriteHash(hashes[i]);
        }
    }

    public void WriteEntries(IReadOnlyList<MasternodeEntry> entries)
    {
        WriteCompactSize(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            Position += MasternodeEntryCodec.Write(entries[i], _buffer[Position..]);
        }
    }

    public void WriteCoinbase(Transaction coinbase)
    {
        WriteCompactSize(coinbase.Size);
        Position += TransactionCodec.Write(coinbase, _buffer[Position..]);
    }
}
