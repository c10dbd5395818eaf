namespace RustyNode.Protocols.Masternode.Liveness;

/// <summary>A masternode's PoSe penalty and ban in the node's local view (MN-10).</summary>
/// <param name="Penalty">The penalty now.</param>
/// <param name="Banned">True while banned.</param>
public readonly record struct PoSeStanding(int Penalty, bool Banned);
