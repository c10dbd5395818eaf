using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Service;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Serving;
using RustyNode.Protocols.BlockSync.Sync;
using RustyNode.Protocols.BlockSync.Wire;

namespace RustyNode.Protocols.BlockSync;

/// <summary>
/// /rusty/block-sync/1.0 composed into a swarm (specs/protocols/01-block-sync.md): request/response
/// with <see cref="BlockSyncCodec"/>, answers from the chain (<see cref="BlockSyncServer"/>), and
/// the <see cref="SyncManager"/> that keeps our chain level with our peers'. Started with
/// <see cref="Start"/> after the swarm, disposed before it.
/// </summary>
public sealed class BlockSyncBehaviour : INetworkBehaviour, IPeerReporter, IBlockSyncNetwork, IAsyncDisposable
{
    private readonly ChainService _chain;
    private readonly BlockSyncOptions _options;
    private readonly TimeProvider? _time;
    private readonly RequestResponseBehaviour<BlockSyncMessage, BlockSyncMessage> _requests;
    private readonly BlockSyncServer _server;
    private ISwarmContext? _swarm;
    private SyncManager? _manager;
    private ILogger _logger = NullLogger.Instance;

    /// <param name="chain">The chain to serve and to sync.</param>
    /// <param name="options">Window, in-flight bound, timeouts (validated here); defaults when null.</param>
    /// <param name="timeProvider">The sync manager's clock; the swarm's when null.</param>
    public BlockSyncBehaviour(ChainService chain, BlockSyncOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _options = options ?? new BlockSyncOptions();
        _options.Validate();
        _chain = chain;
        _time = timeProvider;
        _server = new BlockSyncServer(chain);
        _requests = new RequestResponseBehaviour<BlockSyncMessage, BlockSyncMessage>(
            new BlockSyncCodec(), HandleRequestAsync, new RequestResponseOptions { RequestTimeout = _options.RequestTimeout }, this);
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols => _requests.Protocols;

    /// <summary>Blocks another path is delivering (compact block relay, CB-5.1): block download leaves them alone while this says true.</summary>
    public Func<Consensus.Primitives.Hash256, bool>? ArrivingElsewhere { get; set; }

    /// <summary>Where synchronisation stands (BS-8.2).</summary>
    public SyncProgress Progress => _manager?.Progress ?? SyncProgress.Initial;

    private SyncManager Manager => _manager ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        _swarm = swarm;
        _logger = swarm.LoggerFactory.CreateLogger<BlockSyncBehaviour>();
        _requests.Attach(swarm);
        _manager = new SyncManager(_chain, this, _options, _time ?? swarm.TimeProvider, _logger) { ArrivingElsewhere = h => ArrivingElsewhere?.Invoke(h) == true };
    }

    /// <summary>Starts synchronising (after the swarm started).</summary>
    public void Start() => Manager.Start();

    /// <inheritdoc />
    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) => _requests.HandleStreamAsync(stream, cancellationToken);

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _requests.OnConnectionEstablished(connection);

        // Every connection: the manager ignores a peer it already has (two connections may come up at once).
        _manager?.PeerConnected(connection.RemotePeer);
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _requests.OnConnectionClosed(connection);
        if (_swarm?.GetConnections(connection.RemotePeer).Count == 0)
        {
            _manager?.PeerDisconnected(connection.RemotePeer);
        }
    }

    /// <summary>Request/response protocol violations become the BS-7.1 "malformed message" penalty.</summary>
    void IPeerReporter.Report(PeerId peer, string reason, double weight) =>
        _swarm?.ReportPeer(peer, $"{BlockSyncPenalties.MalformedMessage}: {reason}", BlockSyncPenalties.MalformedMessageWeight * weight);

    /// <inheritdoc />
    Task<BlockSyncMessage> IBlockSyncNetwork.SendAsync(PeerId peer, BlockSyncMessage request, CancellationToken cancellationToken) =>
        _requests.SendRequestAsync(peer, request, cancellationToken);

    /// <inheritdoc />
    void IBlockSyncNetwork.Report(PeerId peer, string reason, double weight) => _swarm?.ReportPeer(peer, reason, weight);

    private async ValueTask<BlockSyncMessage> HandleRequestAsync(PeerId peer, BlockSyncMessage request, CancellationToken cancellationToken)
    {
        if (request is HeaderAnnouncement announcement)
        {
            await Manager.OnAnnouncementAsync(peer, announcement, cancellationToken);
            return AnnouncementAck.Instance;
        }

        return _server.Answer(request);
    }

    /// <summary>Stops the sync manager. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_manager is not null)
        {
            await _manager.DisposeAsync();
        }
    }
}
