using System.Buffers.Binary;
using System.Security.Cryptography;
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
    private readonly Hash256 _prevouts;
    private readonly Hash256 _sequences;
    private readonly Hash256 _outputs;
    private readonly Hash256 _payload;

    public SignatureHasher(Transaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        _tx = tx;
        var prevouts = new byte[tx.Inputs.Count * OutPoint.Size];
        var sequences = new byte[tx.Inputs.Count * 4];
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            tx.Inputs[i].PrevOut.TxId.WriteTo(prevouts.AsSpan(i * OutPoint.Size));
            BinaryPrimitives.WriteUInt32LittleEndian(prevouts.AsSpan((i * OutPoint.Size) + 32), tx.Inputs[i].PrevOut.Index);
            BinaryPrimitives.WriteUInt32LittleEndian(sequences.AsSpan(i * 4), tx.Inputs[i].Sequence);
        }

        var outputsSize = 0;
        foreach (var output in tx.Outputs)
        {
            outputsSize += output.SerializedSize;
        }

        var outputs = new byte[outputsSize];
        var writer = new SpanWriter(outputs);
        foreach (var output in tx.Outputs)
        {
            writer.WriteInt64(output.Value);
            writer.WriteVarBytes(output.ScriptPubKey);
        }

        _prevouts = Hashes.DoubleSha256(prevouts);
        _sequences = Hashes.DoubleSha256(sequences);
        _outputs = Hashes.DoubleSha256(outputs);
        _payload = tx.Type == SpecialTransactionType.Normal ? Hash256.Zero : Hashes.DoubleSha256(tx.ExtraPayload);
    }

    /// <summary>The 32-byte digest that input <paramref name="inputIndex"/> signs.</summary>
    public void ComputeHash(int inputIndex, ReadOnlySpan<byte> spentScript, long spentAmount, byte hashType, Span<byte> digest32)
    {
        var input = _tx.Inputs[inputIndex];
        var size = 4 + 32 + 32 + OutPoint.Size + CompactSize.GetSize((ulong)spentScript.Length) + spentScript.Length + 8 + 4 + 32 + 4 + 32 + 4;
        Span<byte> preimage = size <= 512 ? stackalloc byte[size] : new byte[size];
        var writer = new SpanWriter(preimage);
        writer.WriteInt32(_tx.Version);
        writer.WriteHash(_prevouts);
        writer.WriteHash(_sequences);
        writer.WriteHash(input.PrevOut.TxId);
        writer.WriteUInt32(input.PrevOut.Index);
        writer.WriteVarBytes(spentScript);
        writer.WriteInt64(spentAmount);
        writer.WriteUInt32(input.Sequence);
        writer.WriteHash(_outputs);
        writer.WriteUInt32(_tx.LockTime);
        writer.WriteHash(_payload);
        writer.WriteUInt32(hashType);
        SHA256.HashData(preimage, digest32);
        SHA256.HashData(digest32, digest32);
    }
}
