using RustyNode.Consensus.Masternodes;

namespace RustyNode.Consensus.Service;

/// <summary>Answer to <c>{"type":"masternodes"}</c>: the list after the active tip.</summary>
/// <param name="Height">Height of the active tip.</param>
/// <param name="ActivationHeight">The network's masternode activation height.</param>
/// <param name="Count">Entries in the list.</param>
/// <param name="ValidCount">Entries with an operator and a service.</param>
/// <param name="MerkleRoot">The list's merkle root, displayed hex.</param>
/// <param name="Entries">The entries, ascending proTxHash, when asked for; otherwise null.</param>
public sealed record MasternodeInfo(int Height, int ActivationHeight, int Count, int ValidCount, string MerkleRoot, IReadOnlyList<MasternodeEntry>? Entries);
