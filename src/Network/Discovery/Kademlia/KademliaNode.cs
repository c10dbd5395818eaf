using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Records;
using RustyNode.Network.Discovery.Kademlia.Routing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia;

/// <summary>
/// The Kademlia DHT of one node (specs/network/20-kademlia.md), independent of how messages
/// travel: the routing table and its hygiene, the record and provider stores, the answers of a
/// server, the iterative lookups, and the maintenance (refresh, replication, republishing,
/// expiry). <see cref="KademliaBehaviour"/> runs it over swarm streams; tests and benchmarks run
/// many in one process over an in-memory <see cref="IKadMessenger"/>.
/// </summary>
public sealed partial class KademliaNode : IAsyncDisposable
{
    private readonly IKadMessenger _messenger;
    private readonly Func<IReadOnlyList<Multiaddr>> _localAddresses;
    private readonly Func<PeerId, double>? _reputation;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<PeerId, int> _failures = new();
    private readonly ConcurrentDictionary<PeerId, byte> _checking = new();
    private long _requestsSent;

    /// <param name="local">Our peer id.</param>
    /// <param name="options">Settings (validated here).</param>
    /// <param name="messenger">How requests reach other nodes.</param>
    /// <param name="validators">Record rules by key namespace.</param>
    /// <param name="localAddresses">Our current dialable addresses (for provider announcements).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Logging; none when null.</param>
    /// <param name="reputation">Peers' reputations (KAD-1.5); none consulted when null.</param>
    public KademliaNode(
        PeerId local,
        KademliaOptions options,
        IKadMessenger messenger,
        RecordValidators validators,
        Func<IReadOnlyList<Multiaddr>> localAddresses,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        Func<PeerId, double>? reputation = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(messenger);
        ArgumentNullException.ThrowIfNull(validators);
        ArgumentNullException.ThrowIfNull(localAddresses);
        options.Validate();
        LocalPeerId = local;
        Options = options;
        Validators = validators;
        _messenger = messenger;
        _localAddresses = localAddresses;
        _reputation = reputation;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Routing = new RoutingTable(local, options.BucketSize);
    }

    /// <summary>Our peer id.</summary>
    public PeerId LocalPeerId { get; }

    /// <summary>The settings in force.</summary>
    public KademliaOptions Options { get; }

    /// <summary>Record rules by namespace.</summary>
    public RecordValidators Validators { get; }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The routing table.</summary>
    public RoutingTable Routing { get; }

    /// <summary>Records we hold.</summary>
    public RecordStore Records { get; } = new();

    /// <summary>Provider announcements we hold.</summary>
    public ProviderStore Providers { get; } = new();

    /// <summary>Raised when a peer enters the routing table (not when it is refreshed).</summary>
    public event Action<PeerId, IReadOnlyList<Multiaddr>>? PeerAdded;

    /// <summary>Peers whose failures in a row are being counted (bounded by <see cref="KadLimits.MaxTrackedFailures"/>).</summary>
    internal int TrackedFailures => _failures.Count;

    /// <summary>Requests this node has sent (lookups, stores, liveness checks).</summary>
    public long RequestsSent => Interlocked.Read(ref _requestsSent);

    /// <summary>Peer ids in the routing table, with their addresses, as message entries.</summary>
    internal KadPeer ToKadPeer(RoutingEntry entry) => new(entry.Peer, entry.Addresses);

    /// <summary>
    /// A peer answered one of our requests (KAD-1.3): it enters or refreshes the routing table;
    /// in a full bucket the oldest entry is checked first, unless it answered within the refresh
    /// interval (KAD-1.4).
    /// </summary>
    public void OnPeerAnswered(PeerId peer, IReadOnlyList<Multiaddr> addresses)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _failures.TryRemove(peer, out _);
        if (_reputation is not null && _reputation(peer) < Options.MinPeerReputation)
        {
            Routing.Remove(peer);
            return;
        }

        var now = TimeProvider.GetUtcNow();
        switch (Routing.TryAdd(peer, addresses, now, out var oldest))
        {
            case RoutingUpdate.Added:
                PeerAdded?.Invoke(peer, addresses);
                break;
            case RoutingUpdate.BucketFull when now - oldest!.LastSeen >= Options.RefreshInterval
                && _checking.Count < KadLimits.MaxPendingLivenessChecks && _checking.TryAdd(oldest.Peer, 0):
                BackgroundTask.Forget(CheckOldestAsync(oldest, peer, addresses), _logger, "DHT liveness check");
                break;
        }
    }

    /// <summary>A request to <paramref name="peer"/> failed; after too many in a row it leaves the table (KAD-1.5).</summary>
    public void OnPeerFailed(PeerId peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (_failures.Count >= KadLimits.MaxTrackedFailures)
        {
            // Peers that never answer (named by others, never reached) must not grow this without bound.
            _failures.Clear();
        }

        var failures = _failures.AddOrUpdate(peer, 1, static (_, n) => n + 1);
        if (failures >= Options.MaxConsecutiveFailures && Routing.Remove(peer))
        {
            _failures.TryRemove(peer, out _);
            Log.KadPeerFailedEvicted(_logger, peer, failures);
        }
    }

    /// <summary>Drops a peer from the routing table at once (banned, scored badly, or broke the protocol).</summary>
    public void RemovePeer(PeerId peer, string reason)
    {
        if (Routing.Remove(peer))
        {
            Log.KadPeerEvicted(_logger, peer, reason);
        }
    }

    /// <summary>
    /// Sends one request with the request timeout, keeps the routing table's bookkeeping, and
    /// returns the answer, or null when the peer did not give a usable one.
    /// </summary>
    internal async Task<KadMessage?> TryRequestAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, KadMessage request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Options.RequestTimeout, TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Interlocked.Increment(ref _requestsSent);
        try
        {
            var response = await _messenger.SendAsync(peer, addresses, request, linked.Token);
            if (response is not null && response.Type != request.Type)
            {
                throw new KadProtocolException($"{peer} answered a {request.Type} with a {response.Type}.");
            }

            OnPeerAnswered(peer, addresses);
            return response ?? request;
        }
        catch (KadProtocolException ex)
        {
            Log.KadRequestFailed(_logger, peer, request.Type, ex.Message);
            RemovePeer(peer, ex.Message);
            return null;
        }
        catch (Exception ex) when (ex is KadRequestFailedException or OperationCanceledException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                // Only our own impatience is not the peer's failure.
                Log.KadRequestFailed(_logger, peer, request.Type, ex.Message);
                OnPeerFailed(peer);
            }

            return null;
        }
    }

    private async Task CheckOldestAsync(RoutingEntry oldest, PeerId candidate, IReadOnlyList<Multiaddr> candidateAddresses)
    {
        try
        {
            var answer = await TryRequestAsync(oldest.Peer, oldest.Addresses, KadMessage.Request(KadMessageType.Ping, []), CancellationToken.None);
            if (answer is null && Routing.Replace(oldest.Peer, candidate, candidateAddresses, TimeProvider.GetUtcNow()))
            {
                Log.KadPeerReplaced(_logger, oldest.Peer, candidate);
                PeerAdded?.Invoke(candidate, candidateAddresses);
            }
        }
        finally
        {
            _checking.TryRemove(oldest.Peer, out _);
        }
    }
}
