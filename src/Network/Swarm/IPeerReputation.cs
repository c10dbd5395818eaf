using RustyNode.Network.Identity;

namespace RustyNode.Network.Swarm;

/// <summary>A swarm-level component that keeps peers' scores; protocols report to it through the swarm.</summary>
public interface IPeerReputation
{
    /// <summary>
    /// Records good (positive <paramref name="weight"/>) or bad (negative) behaviour of
    /// <paramref name="peer"/>, with a short name of what happened.
    /// </summary>
    void Report(PeerId peer, string reason, double weight);
}
