using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Mining;

/// <summary>A coin the generator can spend: where it is, what it holds and which key unlocks it.</summary>
public sealed record WalletCoin(OutPoint OutPoint, Coin Coin, PrivateKey Key);
