namespace RustyNode.Consensus.Service;

/// <summary>The UTXO set summarised: two nodes with the same set report the same values.</summary>
/// <param name="Height">Height of the tip the set belongs to.</param>
/// <param name="Count">Unspent outputs.</param>
/// <param name="Digest">SHA-256 over every output in (txid, vout) order, hex.</param>
public sealed record UtxoDigest(int Height, long Count, string Digest);
