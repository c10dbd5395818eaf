using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Service;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.Masternode.Liveness;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Sync;
using RustyNode.Protocols.Masternode.Wire;

namespace RustyNode.Protocols.Masternode;

/// <summary>
/// /rusty/masternode/1.0 composed into a swarm (specs/protocols/04-masternode.md, MN-6 to MN-11):
/// request/response over <see cref="MasternodeWireCodec"/>; serves lists, diffs and PoSe answers from
/// the chain and the node's operator keys; keeps the list at the best header with
/// <see cref="MasternodeSyncManager"/>; challenges masternodes after every block and keeps their
/// penalties in <see cref="PoSe"/>; judges operator updates with <see cref="MasternodeUpdateValidator"/>.
/// Starts with the swarm (in <see cref="Attach"/>); disposed after it.
/// </summary>
public sealed partial class MasternodeBehaviour : INetworkBehaviour, IPeerReporter, IMasternodeNetwork, IAsyncDisposable
{
    private readonly ChainService _chain;
    private readonly MasternodeOptions _options;
    private readonly IMasternodeOperatorKeys _keys;
    private readonly ISecp256k1 _backend;
    private readonly RequestResponseBehaviour<IMasternodeMessage, IMasternodeMessage> _requests;
    private readonly ConcurrentDictionary<PeerId, long> _peers = new();
    private readonly ConcurrentDictionary<PeerId, byte> _withoutProtocol = new();
    private readonly CancellationTokenSource _shutdown = new();
    private ISwarmContext? _swarm;
    private MasternodeSyncManager? _sync;
    private MasternodeUpdateValidator? _updates;
    private ILogger _logger = NullLogger.Instance;
    private long _connectionOrder;
    private int _disposed;

    /// <param name="chain">The chain served and followed.</param>
    /// <param name="options">Timeouts and switches (validated here); defaults when null.</param>
    /// <param name="keys">The operator keys the node holds; the chain's regtest keyring when null.</param>
    public MasternodeBehaviour(ChainService chain, MasternodeOptions? options = null, IMasternodeOperatorKeys? keys = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _options = options ?? new MasternodeOptions();
        _options.Validate();
        _chain = chain;
        _keys = keys ?? new ChainOperatorKeys(chain);
        _backend = Secp256k1.Default;
        _requests = new RequestResponseBehaviour<IMasternodeMessage, IMasternodeMessage>(
            new MasternodeWireCodec(), HandleRequestAsync, new RequestResponseOptions { RequestTimeout = _options.RequestTimeout }, this);
    }

    /// <summary>Raised when the node's list moved to another block (after PoSe and update state followed it).</summary>
    public event Action<MasternodeView>? ViewChanged;

    /// <summary>Raised when a PoSe challenge ended, with the masternode and the outcome (after the tracker took it in).</summary>
    public event Action<Consensus.Masternodes.MasternodeEntry, PoSeOutcome>? ChallengeCompleted;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols => _requests.Protocols;

    /// <summary>PoSe penalties and bans in the node's view (MN-10).</summary>
    public PoSeTracker PoSe { get; } = new();

    /// <summary>The list the node holds for its best header (MN-7).</summary>
    public MasternodeView View => Sync.View;

    /// <summary>The list held for <paramref name="block"/> when it is one of the retained ones (MN-7.3).</summary>
    public bool TryGetHeldList(Consensus.Primitives.Hash256 block, out MasternodeView view) => Sync.TryGetList(block, out view);

    /// <summary>What list sync did since start (MN-11.1).</summary>
    public MasternodeSyncStats SyncStats => Sync.Stats;

    /// <summary>Challenges made since start, by outcome.</summary>
    public PoSeCounters PoSeCounters { get; } = new();

    private ISwarmContext Swarm => _swarm ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");

    private MasternodeSyncManager Sync => _sync ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");

    private MasternodeUpdateValidator Updates => _updates ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");

    /// <inheritdoc />
    IReadOnlyList<PeerId> IMasternodeNetwork.SyncPeers =>
        [.. _peers.Where(p => !_withoutProtocol.ContainsKey(p.Key)).OrderBy(p => p.Value).Select(p => p.Key)];

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        _swarm = swarm;
        _logger = swarm.LoggerFactory.CreateLogger<MasternodeBehaviour>();
        _requests.Attach(swarm);
        _sync = new MasternodeSyncManager(_chain, this, _options, swarm.TimeProvider, _logger);
        _updates = new MasternodeUpdateValidator(_chain, () => Sync.View, swarm.TimeProvider, _backend);
        _sync.ViewChanged += OnViewChanged;
        _sync.Start();
    }

    /// <inheritdoc />
    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) => _requests.HandleStreamAsync(stream, cancellationToken);

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _requests.OnConnectionEstablished(connection);
        if (_peers.TryAdd(connection.RemotePeer, Interlocked.Increment(ref _connectionOrder)))
        {
            _sync?.PeerConnected();
        }
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _requests.OnConnectionClosed(connection);
        if (_swarm?.GetConnections(connection.RemotePeer).Count == 0)
        {
            _peers.TryRemove(connection.RemotePeer, out _);
            _withoutProtocol.TryRemove(connection.RemotePeer, out _);
        }
    }

    /// <summary>Request/response protocol violations (malformed frames, wrong codes) become the MN-8.1 penalty.</summary>
    void IPeerReporter.Report(PeerId peer, string reason, double weight) =>
        Report(peer, MasternodeScoreReasons.MalformedMessage, MasternodeScoreReasons.MalformedMessageWeight * weight, reason);

    /// <inheritdoc />
    async Task<IMasternodeMessage> IMasternodeNetwork.SendAsync(PeerId peer, IMasternodeMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _requests.SendRequestAsync(peer, request, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Reason == RequestFailure.UnsupportedProtocol)
        {
            _withoutProtocol.TryAdd(peer, 0);
            throw;
        }
    }

    /// <inheritdoc />
    void IMasternodeNetwork.Report(PeerId peer, string reason, double weight, string detail) => Report(peer, reason, weight, detail);

    /// <summary>Stops the list sync and the challenges. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync();
        if (_updateTopic is not null)
        {
            await _updateTopic.DisposeAsync();
        }

        if (_sync is not null)
        {
            _sync.ViewChanged -= OnViewChanged;
            await _sync.DisposeAsync();
        }

        await WaitForChallengesAsync();
        _shutdown.Dispose();
    }

    private void Report(PeerId peer, string reason, double weight, string detail)
    {
        Log.Misbehaved(_logger, peer, reason, detail);
        _swarm?.ReportPeer(peer, reason, weight);
    }

    private void OnViewChanged(MasternodeView view)
    {
        foreach (var revived in PoSe.OnList(view.Height, view.List))
        {
            Log.PoSeRevived(_logger, revived, "a new service or operator key on chain");
        }

        Updates.Prune(view.List);
        if (_options.PoSeEnabled && view.Source != MasternodeListSource.Rule)
        {
            ScheduleChallenges(view);
        }

        ViewChanged?.Invoke(view);
    }
}
