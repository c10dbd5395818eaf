namespace RustyNode.Consensus.Model;

/// <summary>A transaction output: an amount in base units and the script that locks it.</summary>
/// <param name="Value">Amount in base units (1 coin = 100,000,000 units).</param>
/// <param name="ScriptPubKey">The locking script.</param>
public sealed record TxOut(long Value, byte[] ScriptPubKey)
{
    /// <summary>Serialized size of this output.</summary>
    public int SerializedSize => 8 + Serialization.CompactSize.GetSize((ulong)ScriptPubKey.Length) + ScriptPubKey.Length;
}
