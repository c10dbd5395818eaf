using RustyNode.Network.Identity;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>What the list sync asks of the network: peers to ask, one request at a time, and peer reports.</summary>
internal interface IMasternodeNetwork
{
    /// <summary>Connected peers to ask, in the order to try them.</summary>
    IReadOnlyList<PeerId> SyncPeers { get; }

    /// <summary>Sends a request and returns the response (of any response type: the caller checks it).</summary>
    /// <exception cref="RustyNode.Network.RequestResponse.RequestFailedException">No response.</exception>
    Task<IMasternodeMessage> SendAsync(PeerId peer, IMasternodeMessage request, CancellationToken cancellationToken);

    /// <summary>Reports a peer's misbehaviour to peer scoring.</summary>
    void Report(PeerId peer, string reason, double weight, string detail);
}
