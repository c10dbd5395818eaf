using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;

namespace RustyNode.Network.Swarm;

/// <summary>
/// A swarm-level component that bounds the memory peers can make the node hold
/// (specs/network/16-resource-limits.md). The swarm opens a scope for each connection before its
/// muxer starts, hands it to the muxer, and closes it when the connection ends.
/// </summary>
public interface IResourceManager
{
    /// <summary>A connection to <paramref name="peer"/> is about to start its muxer: its share of the budget.</summary>
    IMuxerMemory OpenConnection(PeerId peer);

    /// <summary>The connection of <paramref name="scope"/> has ended: whatever it still held is released.</summary>
    void CloseConnection(IMuxerMemory scope);
}
