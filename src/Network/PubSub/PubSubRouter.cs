using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Discovery;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub.Gossipsub;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.PubSub.Routing;
using RustyNode.Network.PubSub.Scoring;

namespace RustyNode.Network.PubSub;

/// <summary>
/// The pubsub router: floodsub and gossipsub v1.0/v1.1/v1.2 in one (specs/network/18-pubsub.md,
/// specs/network/19-gossipsub.md). It knows nothing of streams: peers are added with the protocol
/// they speak, RPCs are handed in as they are read, and what the router wants sent waits in each
/// peer's outbox. <see cref="PubSubBehaviour"/> connects it to the swarm; tests connect routers
/// directly. All state is guarded by one lock, held briefly; signature checks and application
/// validators run outside it. The heartbeat runs on the injected clock's timer.
/// </summary>
public sealed partial class PubSubRouter : IAsyncDisposable, ITopicPeerSource
{
    private readonly Lock _lock = new();
    private readonly PubSubOptions _options;
    private readonly PeerId _localPeer;
    private readonly Ed25519PrivateKey? _signingKey;
    private readonly byte[] _localKeyProtobuf;
    private readonly TimeProvider _time;
    private readonly long _frequency;
    private readonly ILogger _logger;
    private readonly IPubSubHost _host;
    private readonly Random _random;
    private readonly Dictionary<PeerId, PubSubPeer> _peers = [];
    private readonly Dictionary<string, TopicState> _topics = new(StringComparer.Ordinal);
    private readonly TimeCache<MessageId, bool> _seen;
    private readonly MessageCache _cache;
    private readonly Backoffs _backoffs = new();
    private readonly GossipPromises _promises = new();
    private readonly PeerScorer _scorer;
    private readonly MessageAuthenticator _authenticator = new();
    private readonly List<(PeerId Peer, string Reason, double Weight)> _reports = [];
    private readonly HashSet<PeerId> _graylisted = [];
    private readonly List<(PeerId From, PeerExchangeInfo[] Peers)> _pendingExchanges = [];
    private readonly CancellationTokenSource _shutdown = new();
    private ITimer? _heartbeat;
    private long _heartbeatTicks;
    private long _nextSeqno;
    private long _received;
    private long _duplicates;
    private long _delivered;
    private long _published;
    private long _rejected;
    private long _ignored;
    private long _graylistedRpcs;
    private long _iwantServed;
    private int _disposed;

    /// <param name="options">Settings (validated here).</param>
    /// <param name="signingKey">Our identity key; signs our messages under StrictSign.</param>
    /// <param name="host">Peer reputation and peer-exchange dialing.</param>
    /// <param name="timeProvider">The clock (heartbeat, caches, scores).</param>
    /// <param name="logger">Logging; none when null.</param>
    /// <param name="random">Peer selection randomness; a fresh one when null (tests pass a seeded one).</param>
    public PubSubRouter(PubSubOptions options, Ed25519PrivateKey signingKey, IPubSubHost host, TimeProvider? timeProvider = null, ILogger? logger = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signingKey);
        ArgumentNullException.ThrowIfNull(host);
        options.Validate();
        _options = options;
        _signingKey = signingKey;
        _localPeer = signingKey.PeerId;
        _localKeyProtobuf = signingKey.PublicKey.ToProtobuf();
        _host = host;
        _time = timeProvider ?? TimeProvider.System;
        _frequency = _time.TimestampFrequency;
        _logger = logger ?? NullLogger.Instance;
        _random = random ?? new Random();
        _seen = new TimeCache<MessageId, bool>(options.SeenTtl, _frequency, PubSubLimits.MaxSeenMessages);
        _cache = new MessageCache(options.HistoryLength, options.HistoryGossip);
        _scorer = new PeerScorer(options.Score, TopicScoreParameters, _time, options.SeenTtl);
        // Sequence numbers start at the wall clock in nanoseconds, so they keep growing across restarts (PS-3.2).
        _nextSeqno = _time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
    }

    /// <summary>The options in force.</summary>
    public PubSubOptions Options => _options;

    /// <summary>Our peer id.</summary>
    public PeerId LocalPeer => _localPeer;

    /// <summary>Topics we are subscribed to.</summary>
    public IReadOnlyList<string> SubscribedTopics
    {
        get
        {
            lock (_lock)
            {
                return _topics.Values.Where(t => t.Subscribed).Select(t => t.Name).OrderBy(t => t, StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>What the router has done so far.</summary>
    public PubSubCounters Counters => new(
        Interlocked.Read(ref _received), Interlocked.Read(ref _duplicates), Interlocked.Read(ref _delivered), Interlocked.Read(ref _published),
        Interlocked.Read(ref _rejected), Interlocked.Read(ref _ignored), DroppedTotal(), Interlocked.Read(ref _graylistedRpcs), Interlocked.Read(ref _iwantServed));

    /// <summary>Starts the heartbeat. Called once.</summary>
    public void Start()
    {
        lock (_lock)
        {
            _heartbeat ??= _time.CreateTimer(static state => ((PubSubRouter)state!).OnHeartbeatTimer(), this, _options.HeartbeatInitialDelay, _options.HeartbeatInterval);
        }
    }

    /// <summary>
    /// Registers a topic's validator, score parameters and policies (PS-8.1). A protocol calls it once
    /// per topic, before or after subscribing; a second registration of the same topic is refused.
    /// </summary>
    /// <exception cref="InvalidOperationException">The topic is already registered.</exception>
    public void RegisterTopic(string topic, TopicOptions options)
    {
        CheckTopicName(topic);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        lock (_lock)
        {
            var state = GetOrAddTopic(topic);
            if (state.Registered)
            {
                throw new InvalidOperationException($"Topic '{topic}' is already registered.");
            }

            state.Options = options;
            state.Registered = true;
        }
    }

    /// <summary>Subscribes to <paramref name="topic"/> (joining it when this is the first local subscription, PS-8.2).</summary>
    public PubSubSubscription Subscribe(string topic)
    {
        CheckTopicName(topic);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var subscription = new PubSubSubscription(this, topic, _options.SubscriptionBufferSize);
        lock (_lock)
        {
            var state = GetOrAddTopic(topic);
            state.Subscriptions.Add(subscription);
            if (state.Subscriptions.Count == 1)
            {
                Join(state);
            }
        }

        return subscription;
    }

    /// <summary>The peers in our mesh of <paramref name="topic"/> (or its fanout when not subscribed).</summary>
    public IReadOnlyList<PeerId> GetMeshPeers(string topic)
    {
        lock (_lock)
        {
            return _topics.TryGetValue(topic, out var state) ? [.. state.Subscribed ? state.Mesh : state.Fanout] : [];
        }
    }

    /// <summary>Connected peers subscribed to <paramref name="topic"/>, with their scores.</summary>
    public IReadOnlyList<TopicPeerInfo> GetTopicPeers(string topic)
    {
        lock (_lock)
        {
            if (!_topics.TryGetValue(topic, out var state))
            {
                return [];
            }

            return state.Peers.Select(p => new TopicPeerInfo(p, _peers[p].Protocol, _scorer.Score(p), state.Mesh.Contains(p), _peers[p].Outbound)).ToArray();
        }
    }

    /// <summary>Connected peers subscribed to <paramref name="topic"/> (the discover command's second source, RES).</summary>
    IReadOnlyCollection<PeerId> ITopicPeerSource.PeersOf(string topic) => GetTopicPeers(topic).Select(p => p.Peer).ToArray();

    /// <summary>The peer's gossipsub score now (0 for a peer we know nothing of).</summary>
    public double GetScore(PeerId peer)
    {
        lock (_lock)
        {
            return _scorer.Score(peer);
        }
    }

    /// <summary>Sets the application-specific part P5 of a peer's score (kept for a peer not connected yet).</summary>
    public void SetApplicationScore(PeerId peer, double value)
    {
        lock (_lock)
        {
            _scorer.SetApplicationScore(peer, value);
        }
    }

    /// <summary>Stops the heartbeat, ends every subscription and closes every outbox. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync();
        ITimer? timer;
        lock (_lock)
        {
            timer = _heartbeat;
            _heartbeat = null;
            foreach (var peer in _peers.Values)
            {
                peer.Outbox.Complete();
            }

            foreach (var topic in _topics.Values)
            {
                foreach (var subscription in topic.Subscriptions)
                {
                    subscription.Complete();
                }
            }
        }

        if (timer is not null)
        {
            await timer.DisposeAsync();
        }

        _shutdown.Dispose();
    }

    internal void Unsubscribe(PubSubSubscription subscription)
    {
        lock (_lock)
        {
            if (!_topics.TryGetValue(subscription.Topic, out var state) || !state.Subscriptions.Remove(subscription))
            {
                return;
            }

            subscription.Complete();
            if (state.Subscriptions.Count == 0)
            {
                Leave(state);
                ForgetIfIdle(state);
            }
        }
    }

    private static void CheckTopicName(string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (PubSubMessageCodec.StrictUtf8.GetByteCount(topic) > PubSubLimits.MaxTopicLength)
        {
            throw new ArgumentException($"A topic name is at most {PubSubLimits.MaxTopicLength} bytes.", nameof(topic));
        }
    }

    private TopicScoreParameters? TopicScoreParameters(string topic) =>
        _topics.TryGetValue(topic, out var state) && state.Options.Score is { } score ? score : _options.DefaultTopicScore;

    private TopicState GetOrAddTopic(string topic)
    {
        if (!_topics.TryGetValue(topic, out var state))
        {
            state = new TopicState(topic, DefaultTopicOptions);
            _topics[topic] = state;
        }

        return state;
    }

    private void ForgetIfIdle(TopicState state)
    {
        if (state.IsIdle)
        {
            _topics.Remove(state.Name);
        }
    }

    private static TopicOptions DefaultTopicOptions { get; } = new();

    private long Now => _time.GetTimestamp();

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _frequency);

    private long DroppedTotal()
    {
        lock (_lock)
        {
            return _peers.Values.Sum(p => p.Outbox.Dropped);
        }
    }

    /// <summary>Queues a report to the swarm; sent by <see cref="FlushReports"/> once the lock is released.</summary>
    private void Report(PeerId peer, string reason, double weight) => _reports.Add((peer, reason, weight));

    private void FlushReports()
    {
        (PeerId Peer, string Reason, double Weight)[] reports;
        (PeerId From, PeerExchangeInfo[] Peers)[] exchanges;
        lock (_lock)
        {
            if (_reports.Count == 0 && _pendingExchanges.Count == 0)
            {
                return;
            }

            reports = [.. _reports];
            _reports.Clear();
            exchanges = [.. _pendingExchanges];
            _pendingExchanges.Clear();
        }

        foreach (var (peer, reason, weight) in reports)
        {
            _host.ReportPeer(peer, reason, weight);
        }

        foreach (var (from, peers) in exchanges)
        {
            _host.ConnectToExchangedPeers(from, peers);
        }
    }
}
