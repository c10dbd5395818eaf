using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Model;

/// <summary>A transaction input: the output it spends, its unlocking script and its sequence number.</summary>
/// <param name="PrevOut">The spent output (the null prevout in a coinbase).</param>
/// <param name="ScriptSig">The unlocking script: signature and public key, or the coinbase data.</param>
/// <param name="Sequence">The sequence number (0xffffffff = final).</param>
public sealed record TxIn(OutPoint PrevOut, byte[] ScriptSig, uint Sequence = uint.MaxValue)
{
    /// <summary>Serialized size of this input.</summary>
    public int SerializedSize => OutPoint.Size + Serialization.CompactSize.GetSize((ulong)ScriptSig.Length) + ScriptSig.Length + 4;
}
