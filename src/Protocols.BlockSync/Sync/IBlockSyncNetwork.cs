using RustyNode.Network.Identity;
using RustyNode.Protocols.BlockSync.Messages;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>What the sync manager needs of the network: requests to peers and reports about them.</summary>
internal interface IBlockSyncNetwork
{
    /// <summary>Sends <paramref name="request"/> and returns the response.</summary>
    /// <exception cref="Network.RequestResponse.RequestFailedException">No response; the reason says why.</exception>
    Task<BlockSyncMessage> SendAsync(PeerId peer, BlockSyncMessage request, CancellationToken cancellationToken);

    /// <summary>Reports misbehaviour of <paramref name="peer"/> to peer protection (BS-7.1).</summary>
    void Report(PeerId peer, string reason, double weight);
}
