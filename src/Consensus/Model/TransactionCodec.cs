using System.Buffers;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Consensus.Model;

/// <summary>Consensus serialization of transactions (CHAIN-1.7, CHAIN-1.8).</summary>
public static class TransactionCodec
{
    /// <summary>Serialized size of <paramref name="tx"/>.</summary>
    public static int GetSize(Transaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var size = 4 + CompactSize.GetSize((ulong)tx.Inputs.Count) + CompactSize.GetSize((ulong)tx.Outputs.Count) + 4;
        // Index loops: foreach over IReadOnlyList would box an enumerator per call.
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            size += tx.Inputs[i].SerializedSize;
        }

        for (var i = 0; i < tx.Outputs.Count; i++)
        {
            size += tx.Outputs[i].SerializedSize;
        }

        if (tx.Type != SpecialTransactionType.Normal)
        {
            size += CompactSize.GetSize((ulong)tx.ExtraPayload.Length) + tx.ExtraPayload.Length;
        }

        return size;
    }

    /// <summary>Writes <paramref name="tx"/> into a span of at least <see cref="GetSize"/> bytes; returns the bytes written.</summary>
    public static int Write(Transaction tx, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var writer = new SpanWriter(destination);
        writer.WriteInt32(tx.Version);
        writer.WriteCompactSize((ulong)tx.Inputs.Count);
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            var input = tx.Inputs[i];
            writer.WriteHash(input.PrevOut.TxId);
            writer.WriteUInt32(input.PrevOut.Index);
            writer.WriteVarBytes(input.ScriptSig);
            writer.WriteUInt32(input.Sequence);
        }

        writer.WriteCompactSize((ulong)tx.Outputs.Count);
        for (var i = 0; i < tx.Outputs.Count; i++)
        {
            var output = tx.Outputs[i];
            writer.WriteInt64(output.Value);
            writer.WriteVarBytes(output.ScriptPubKey);
        }

        writer.WriteUInt32(tx.LockTime);
        if (tx.Type != SpecialTransactionType.Normal)
        {
            writer.WriteVarBytes(tx.ExtraPayload);
        }

        return writer.Position;
    }

    /// <summary>Writes <paramref name="tx"/> with one GetSpan/Advance.</summary>
    public static void Write(Transaction tx, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = GetSize(tx);
        Write(tx, output.GetSpan(size));
        output.Advance(size);
    }

    /// <summary>
    /// Reads one transaction. False (nothing consumed) when the input ends inside it; throws
    /// <see cref="ConsensusFormatException"/> when it is malformed or breaks a limit.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out Transaction tx)
    {
        var start = reader.Position;
        var startConsumed = reader.Consumed;
        if (!TryReadBody(ref reader, out tx!))
        {
            reader.Rewind(reader.Consumed - startConsumed);
            return false;
        }

        var size = reader.Consumed - startConsumed;
        if (size > ChainLimits.MaxTransactionSize)
        {
            throw ConsensusFormatException.OverLimit("Transaction size", size, ChainLimits.MaxTransactionSize);
        }

        tx.SetCachedIdentity(Hashes.DoubleSha256(reader.Sequence.Slice(start, reader.Position)), (int)size);
        return true;
    }

    /// <summary>Parses a whole buffer holding exactly one transaction.</summary>
    public static Transaction FromBytes(ReadOnlyMemory<byte> bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        if (!TryRead(ref reader, out var tx))
        {
            throw new ConsensusFormatException("The transaction is truncated.");
        }

        if (!reader.End)
        {
            throw new ConsensusFormatException($"{reader.Remaining} bytes follow the transaction.");
        }

        return tx;
    }

    private static bool TryReadBody(ref SequenceReader<byte> reader, out Transaction? tx)
    {
        tx = null;
        if (!reader.TryReadLittleEndian(out int version)
            || !CompactSize.TryRead(ref reader, ChainLimits.MaxTransactionInputs, out var inputCount))
        {
            return false;
        }

        var inputs = new List<TxIn>((int)Math.Min(inputCount, 1024));
        for (ulong i = 0; i < inputCount; i++)
        {
            if (!reader.TryReadHash(out var prevHash)
                || !reader.TryReadUInt32(out var prevIndex)
                || !reader.TryReadVarBytes(ChainLimits.MaxScriptSize, out var scriptSig)
                || !reader.TryReadUInt32(out var sequence))
            {
                return false;
            }

            inputs.Add(new TxIn(new OutPoint(prevHash, prevIndex), scriptSig, sequence));
        }

        if (!CompactSize.TryRead(ref reader, ChainLimits.MaxTransactionOutputs, out var outputCount))
        {
            return false;
        }

        var outputs = new List<TxOut>((int)Math.Min(outputCount, 1024));
        for (ulong i = 0; i < outputCount; i++)
        {
            if (!reader.TryReadLittleEndian(out long value)
                || !reader.TryReadVarBytes(ChainLimits.MaxScriptSize, out var script))
            {
                return false;
            }

            outputs.Add(new TxOut(value, script));
        }

        if (!reader.TryReadUInt32(out var lockTime))
        {
            return false;
        }

        byte[] payload = [];
        if ((uint)version >> 16 != 0 && !reader.TryReadVarBytes(ChainLimits.MaxExtraPayloadSize, out payload))
        {
            return false;
        }

        tx = new Transaction(version, inputs, outputs, lockTime, payload);
        return true;
    }
}
