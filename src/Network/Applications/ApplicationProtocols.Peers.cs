using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Protocols.Identify;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Applications;

public sealed partial class ApplicationProtocols
{
    private readonly Lock _peersLock = new();
    private readonly Dictionary<PeerId, int> _connectionCounts = [];
    private readonly Dictionary<PeerId, List<Multiaddr>> _discovered = [];
    private readonly Dictionary<PeerId, IReadOnlyList<Multiaddr>> _announced = [];
    private readonly Dictionary<PeerId, HashSet<string>> _peerProtocols = [];
    private readonly HashSet<(PeerId Peer, string Protocol)> _lacking = [];

    /// <summary>Peers with at least one live connection.</summary>
    public IReadOnlyList<PeerId> ConnectedPeers
    {
        get
        {
            lock (_peersLock)
            {
                return [.. _connectionCounts.Keys];
            }
        }
    }

    /// <summary>Every address we know for <paramref name="peer"/>: discovered ones, then announced ones.</summary>
    public IReadOnlyList<Multiaddr> GetAddresses(PeerId peer)
    {
        lock (_peersLock)
        {
            var discovered = _discovered.GetValueOrDefault(peer) ?? [];
            var announced = _announced.GetValueOrDefault(peer) ?? [];
            return [.. discovered.Concat(announced).Distinct()];
        }
    }

    /// <summary>
    /// Tells us an address of <paramref name="peer"/> (from configuration, the user, or a discovery
    /// mechanism); raises <see cref="PeerEventKind.Discovered"/> when the address is new (APP-3.1).
    /// </summary>
    public void AddPeerAddress(PeerId peer, Multiaddr address)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(address);
        var bare = address.WithoutP2p();
        lock (_peersLock)
        {
            if (!_discovered.TryGetValue(peer, out var list))
            {
                _discovered[peer] = list = [];
            }

            if (list.Contains(bare))
            {
                return;
            }

            list.Add(bare);
        }

        Raise(new PeerEvent(PeerEventKind.Discovered, peer, [bare]));
    }

    /// <summary>Connects to <paramref name="peer"/> at the first of its known addresses that answers.</summary>
    /// <exception cref="RequestFailedException">With <see cref="RequestFailure.NotConnected"/>: no address worked.</exception>
    public async Task ConnectAsync(PeerId peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (Swarm.GetConnections(peer).Count > 0)
        {
            return;
        }

        var errors = new List<string>();
        foreach (var address in GetAddresses(peer))
        {
            try
            {
                await Swarm.DialAsync(address.WithP2p(peer.ToBytes()), cancellationToken);
                return;
            }
            catch (SwarmException ex)
            {
                errors.Add(ex.Message);
            }
        }

        throw new RequestFailedException(
            peer, RequestFailure.NotConnected, $"Could not connect to {peer}: {(errors.Count == 0 ? "no known address" : string.Join("; ", errors))}");
    }

    /// <summary>
    /// Hears the swarm's events: identify results become <see cref="PeerEventKind.Updated"/> when a
    /// peer's listen addresses changed, and say which protocols the peer speaks. Other events are ignored.
    /// </summary>
    public void OnSwarmEvent(SwarmEvent swarmEvent)
    {
        if (swarmEvent is not PeerIdentified { Info: var info })
        {
            return;
        }

        bool changed;
        lock (_peersLock)
        {
            _peerProtocols[info.Peer] = [.. info.Protocols];
            _lacking.RemoveWhere(l => l.Peer == info.Peer);
            var previous = _announced.GetValueOrDefault(info.Peer);
            changed = previous is null || !previous.ToHashSet().SetEquals(info.ListenAddresses);
            if (changed)
            {
                _announced[info.Peer] = [.. info.ListenAddresses];
            }
        }

        if (changed)
        {
            Raise(new PeerEvent(PeerEventKind.Updated, info.Peer, info.ListenAddresses));
        }
    }

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        int count;
        lock (_peersLock)
        {
            count = _connectionCounts[connection.RemotePeer] = _connectionCounts.GetValueOrDefault(connection.RemotePeer) + 1;
        }

        if (count == 1)
        {
            Raise(new PeerEvent(PeerEventKind.Connected, connection.RemotePeer, [connection.RemoteAddress]));
        }
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var peer = connection.RemotePeer;
        lock (_peersLock)
        {
            if (!_connectionCounts.TryGetValue(peer, out var count))
            {
                return;
            }

            if (count > 1)
            {
                _connectionCounts[peer] = count - 1;
                return;
            }

            _connectionCounts.Remove(peer);
            _peerProtocols.Remove(peer);
            _lacking.RemoveWhere(l => l.Peer == peer);
        }

        Raise(new PeerEvent(PeerEventKind.Disconnected, peer, []));
    }

    /// <summary>False when identify or an earlier attempt showed <paramref name="peer"/> lacks <paramref name="protocol"/>.</summary>
    private bool MaySpeak(PeerId peer, string protocol)
    {
        lock (_peersLock)
        {
            return !_lacking.Contains((peer, protocol))
                && (!_peerProtocols.TryGetValue(peer, out var protocols) || protocols.Contains(protocol));
        }
    }

    private void MarkLacking(PeerId peer, string protocol)
    {
        lock (_peersLock)
        {
            if (_connectionCounts.ContainsKey(peer))
            {
                _lacking.Add((peer, protocol));
            }
        }
    }

    private void Raise(PeerEvent peerEvent)
    {
        foreach (var registration in _registrations.Values)
        {
            try
            {
                registration.Handler.OnPeerEvent(peerEvent);
            }
            catch (Exception ex)
            {
                // An application's callback must not break the swarm's connection handling.
                Log.AppHandlerFailed(_logger, peerEvent.Peer, registration.ProtocolId, ex);
            }
        }
    }
}
