using System.Buffers;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Consensus.Model;

/// <summary>
/// A transaction (CHAIN-1.7): version, inputs, outputs, lock time and, for special types, an extra
/// payload. Immutable; the txid and size are computed once.
/// </summary>
public sealed class Transaction
{
    private Hash256? _txId;
    private int _size = -1;

    public Transaction(int version, IReadOnlyList<TxIn> inputs, IReadOnlyList<TxOut> outputs, uint lockTime, byte[]? extraPayload = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        Version = version;
        Inputs = inputs;
        Outputs = outputs;
        LockTime = lockTime;
        ExtraPayload = extraPayload ?? [];
        if (Type == SpecialTransactionType.Normal && ExtraPayload.Length != 0)
        {
            throw new ArgumentException("Only special transactions carry an extra payload.", nameof(extraPayload));
        }
    }

    /// <summary>The full 32-bit version field; its high 16 bits are <see cref="Type"/>.</summary>
    public int Version { get; }

    public IReadOnlyList<TxIn> Inputs { get; }

    public IReadOnlyList<TxOut> Outputs { get; }

    public uint LockTime { get; }

    /// <summary>The special transaction payload; empty for <see cref="SpecialTransactionType.Normal"/>.</summary>
    public byte[] ExtraPayload { get; }

    /// <summary>The type in the high 16 bits of the version.</summary>
    public SpecialTransactionType Type => (SpecialTransactionType)(ushort)((uint)Version >> 16);

    /// <summary>True when the single input spends the null prevout.</summary>
    public bool IsCoinbase => Inputs.Count == 1 && Inputs[0].PrevOut.IsNull;

    /// <summary>Double SHA-256 of the serialization.</summary>
    public Hash256 TxId => _txId ??= ComputeTxId();

    /// <summary>Serialized size in bytes.</summary>
    public int Size => _size >= 0 ? _size : _size = TransactionCodec.GetSize(this);

    internal void SetCachedIdentity(Hash256 txId, int size)
    {
        _txId = txId;
        _size = size;
    }

    /// <summary>The serialization as a new array.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        TransactionCodec.Write(this, bytes);
        return bytes;
    }

    /// <summary>Sum of output values (callers check ranges first).</summary>
    public long TotalOutput()
    {
        long total = 0;
        for (var i = 0; i < Outputs.Count; i++)
        {
            total += Outputs[i].Value;
        }

        return total;
    }

    private Hash256 ComputeTxId()
    {
        var size = Size;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            TransactionCodec.Write(this, buffer);
            return Hashes.DoubleSha256(buffer.AsSpan(0, size));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override string ToString() => TxId.ToString();
}
