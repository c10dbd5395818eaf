using RustyNode.Consensus.Crypto;

namespace RustyNode.Consensus.Masternodes;

/// <summary>The two keys of a masternode: the owner's (registrar updates) and the operator's (service updates, revocations, network messages).</summary>
/// <param name="Owner">The owner key.</param>
/// <param name="Operator">The operator key.</param>
public sealed record MasternodeKeys(PrivateKey Owner, PrivateKey Operator);
