namespace RustyNode.Consensus.Primitives;

/// <summary>A reference to one output of a transaction: its txid and output index.</summary>
/// <param name="TxId">The id of the transaction holding the output.</param>
/// <param name="Index">The position of the output in that transaction.</param>
public readonly record struct OutPoint(Hash256 TxId, uint Index)
{
    /// <summary>Serialized size: 32-byte txid and 4-byte index.</summary>
    public const int Size = 36;

    /// <summary>The null prevout a coinbase input carries: zero txid, index 0xffffffff.</summary>
    public static OutPoint Null => new(Hash256.Zero, uint.MaxValue);

    /// <summary>True for the coinbase's null prevout.</summary>
    public bool IsNull => TxId.IsZero && Index == uint.MaxValue;

    public override string ToString() => $"{TxId}:{Index}";
}
