using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.ConnectionManagement;

/// <summary>What the peer store keeps of one peer (specs/network/15-connection-management.md, CM-4).</summary>
/// <param name="Peer">The peer.</param>
public sealed record PeerRecord(PeerId Peer)
{
    /// <summary>Addresses we reached it at, newest first.</summary>
    public IReadOnlyList<Multiaddr> Addresses { get; init; } = [];

    /// <summary>When it was last connected or heard from.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Its reputation when last saved.</summary>
    public double Score { get; init; }

    /// <summary>End of its ban, when banned.</summary>
    public DateTimeOffset? BannedUntil { get; init; }

    /// <summary>Why it was banned.</summary>
    public string? BanReason { get; init; }
}
