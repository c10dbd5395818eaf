using System.Buffers;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Consensus.Storage;

/// <summary>
/// Undo data of a connected block: the coins it spent, in spending order, each as
/// outpoint, value, height, coinbase flag and script (CHAIN-7.3).
/// </summary>
internal static class UndoCodec
{
    public static byte[] Write(IReadOnlyList<KeyValuePair<OutPoint, Coin>> spent)
    {
        var size = CompactSize.GetSize((ulong)spent.Count);
        foreach (var (_, coin) in spent)
        {
            size += OutPoint.Size + 8 + 4 + 1 + CompactSize.GetSize((ulong)coin.Output.ScriptPubKey.Length) + coin.Output.ScriptPubKey.Length;
        }

        var bytes = new byte[size];
        var writer = new SpanWriter(bytes);
        writer.WriteCompactSize((ulong)spent.Count);
        foreach (var (outPoint, coin) in spent)
        {
            writer.WriteHash(outPoint.TxId);
            writer.WriteUInt32(outPoint.Index);
            writer.WriteInt64(coin.Output.Value);
            writer.WriteInt32(coin.Height);
            writer.WriteByte(coin.IsCoinbase ? (byte)1 : (byte)0);
            writer.WriteVarBytes(coin.Output.ScriptPubKey);
        }

        return bytes;
    }

    public static List<KeyValuePair<OutPoint, Coin>> Read(byte[] bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        if (!CompactSize.TryRead(ref reader, ChainLimits.MaxBlockSize, out var count))
        {
            throw new ConsensusFormatException("Truncated undo data.");
        }

        var result = new List<KeyValuePair<OutPoint, Coin>>((int)Math.Min(count, 100_000));
        for (ulong i = 0; i < count; i++)
        {
            if (!reader.TryReadHash(out var txId) || !reader.TryReadUInt32(out var index)
                || !reader.TryReadLittleEndian(out long value) || !reader.TryReadLittleEndian(out int height)
                || !reader.TryRead(out var coinbase) || !reader.TryReadVarBytes(ChainLimits.MaxScriptSize, out var script))
            {
                throw new ConsensusFormatException("Truncated undo data.");
            }

            result.Add(new(new OutPoint(txId, index), new Coin(new TxOut(value, script), height, coinbase != 0)));
        }

        return result;
    }
}
