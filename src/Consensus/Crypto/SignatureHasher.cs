using System.Buffers;
using System.Buffers.Binary;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Consensus.Crypto;

/// <summary>
/// The signature hash (CHAIN-3.3). The parts shared by every input (all prevouts, all sequences,
/// all outputs, the extra payload) are hashed once per transaction; each input then hashes a fixed
/// preimage with the spent output's script and amount, so the cost is linear in the inputs.
/// </summary>
public sealed class SignatureHasher
{
    private readonly Transaction _tx;

    /// <summary>The hashes shared by every input, made on the first digest: a transaction refused before its signatures are checked, or one whose verdicts were checked ahead (CHAIN-8.6), needs none.</summary>
    private SharedHashes? _shared;

    public SignatureHasher(Transaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        _tx = tx;
    }

    private static SharedHashes HashShared(Transaction tx)
    {
        var outputsSize = 0;
        for (var i = 0; i < tx.Outputs.Count; i++)
        {
            outputsSize += tx.Outputs[i].SerializedSize;
        }

        // One scratch buffer serves the three preimages in turn: on the stack when small, else pooled.
        var length = Math.Max(tx.Inputs.Count * OutPoint.Size, outputsSize);
        byte[]? rented = null;
        Span<byte> buffer = length <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var prevouts = buffer[..(tx.Inputs.Count * OutPoint.Size)];
            for (var i = 0; i < tx.Inputs.Count; i++)
            {
                tx.Inputs[i].PrevOut.TxId.WriteTo(prevouts[(i * OutPoint.Size)..]);
                BinaryPrimitives.WriteUInt32LittleEndian(prevouts[((i * OutPoint.Size) + 32)..], tx.Inputs[i].PrevOut.Index);
            }

            var prevoutsHash = Hashes.DoubleSha256(prevouts);
            var sequences = buffer[..(tx.Inputs.Count * 4)];
            for (var i = 0; i < tx.Inputs.Count; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(sequences[(i * 4)..], tx.Inputs[i].Sequence);
            }

            var sequencesHash = Hashes.DoubleSha256(sequences);
            var outputs = buffer[..outputsSize];
            var writer = new SpanWriter(outputs);
            for (var i = 0; i < tx.Outputs.Count; i++)
            {
                writer.WriteInt64(tx.Outputs[i].Value);
                writer.WriteVarBytes(tx.Outputs[i].ScriptPubKey);
            }

            return new SharedHashes(
                prevoutsHash,
                sequencesHash,
                Hashes.DoubleSha256(outputs),
                tx.Type == SpecialTransactionType.Normal ? Hash256.Zero : Hashes.DoubleSha256(tx.ExtraPayload));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The 32-byte digest that input <paramref name="inputIndex"/> signs.</summary>
    public void ComputeHash(int inputIndex, ReadOnlySpan<byte> spentScript, long spentAmount, byte hashType, Span<byte> digest32)
    {
        // Jobs of one transaction may run on several threads (block connect): at worst two make it.
        var shared = Volatile.Read(ref _shared) ?? Interlocked.CompareExchange(ref _shared, HashShared(_tx), null) ?? _shared!;
        var input = _tx.Inputs[inputIndex];
        var size = 4 + 32 + 32 + OutPoint.Size + CompactSize.GetSize((ulong)spentScript.Length) + spentScript.Length + 8 + 4 + 32 + 4 + 32 + 4;
        Span<byte> preimage = size <= 512 ? stackalloc byte[size] : new byte[size];
        var writer = new SpanWriter(preimage);
        writer.WriteInt32(_tx.Version);
        writer.WriteHash(shared.Prevouts);
        writer.WriteHash(shared.Sequences);
        writer.WriteHash(input.PrevOut.TxId);
        writer.WriteUInt32(input.PrevOut.Index);
        writer.WriteVarBytes(spentScript);
        writer.WriteInt64(spentAmount);
        writer.WriteUInt32(input.Sequence);
        writer.WriteHash(shared.Outputs);
        writer.WriteUInt32(_tx.LockTime);
        writer.WriteHash(shared.Payload);
        writer.WriteUInt32(hashType);
        Sha256.Hash(preimage, digest32);
        Sha256.Hash(digest32, digest32);
    }

    private sealed record SharedHashes(Hash256 Prevouts, Hash256 Sequences, Hash256 Outputs, Hash256 Payload);
}
