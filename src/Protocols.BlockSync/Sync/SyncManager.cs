using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.BlockSync.Messages;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>
/// Header-first synchronisation and parallel block download (specs/protocols/01-block-sync.md,
/// BS-4 to BS-6). All state is owned by one loop that handles <see cref="SyncEvent"/>s in order:
/// peers coming and going, announcements, responses, connect results and clock ticks. Requests run
/// as tasks that post their outcome back; blocks connect on a <see cref="BlockConnector"/>.
/// </summary>
internal sealed partial class SyncManager : IAsyncDisposable
{
    private readonly ChainService _chain;
    private readonly IBlockSyncNetwork _network;
    private readonly BlockSyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<SyncEvent> _events = Channel.CreateUnbounded<SyncEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<PeerId, SyncPeer> _peers = [];
    private readonly BlockDownloadScheduler _scheduler;
    private readonly BlockConnector _connector;
    private readonly CancellationTokenSource _stop = new();
    private readonly RateMeter _headerRate;
    private readonly RateMeter _blockRate;
    private Task? _loop;
    private ITimer? _timer;
    private int _chainChangePosted;
    private int _disposed;
    private SyncProgress _progress = SyncProgress.Initial;

    public SyncManager(ChainService chain, IBlockSyncNetwork network, BlockSyncOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _chain = chain;
        _network = network;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger;
        _scheduler = new BlockDownloadScheduler(options.MaxBlocksInFlightPerPeer, new StallTimeout(options.MinStallTimeout, options.MaxStallTimeout), _time);
        _connector = new BlockConnector(chain, Post);
        _headerRate = new RateMeter(_time, TimeSpan.FromSeconds(10));
        _blockRate = new RateMeter(_time, TimeSpan.FromSeconds(10));
        _lastProgressLog = _time.GetTimestamp();
    }

    /// <summary>True for a block another path is delivering (compact relay, CB-5.1): not requested meanwhile.</summary>
    internal Func<Hash256, bool> ArrivingElsewhere { get; init; } = static _ => false;

    /// <summary>The latest progress snapshot (refreshed after every batch of events).</summary>
    public SyncProgress Progress => Volatile.Read(ref _progress);

    /// <summary>Starts the loop, the connector and the clock.</summary>
    public void Start()
    {
        var token = _stop.Token;
        _chain.ChainUpdated += OnChainUpdated;
        _connector.Start(token);
        RefreshMissing();

        // The first snapshot shows the stored chain (a restarted node reports its height at once, BS-8.2).
        UpdateProgress();
        _loop = RunAsync(token);
        _timer = _time.CreateTimer(_ => Post(Tick.Instance), null, _options.TickInterval, _options.TickInterval);
    }

    /// <summary>The first connection to <paramref name="peer"/> is up.</summary>
    public void PeerConnected(PeerId peer) => Post(new PeerUp(peer));

    /// <summary>The last connection to <paramref name="peer"/> ended.</summary>
    public void PeerDisconnected(PeerId peer) => Post(new PeerDown(peer));

    /// <summary>Takes in a peer's announcement; completes when it has been handled (BS-3.5).</summary>
    public Task OnAnnouncementAsync(PeerId peer, HeaderAnnouncement announcement, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new AnnouncementIn(peer, announcement, done));
        return done.Task.WaitAsync(cancellationToken);
    }

    private void Post(SyncEvent syncEvent)
    {
        if (!_events.Writer.TryWrite(syncEvent) && syncEvent is AnnouncementIn announcement)
        {
            announcement.Done.TrySetCanceled();
        }
    }

    private void OnChainUpdated(object? sender, ChainUpdatedEventArgs e)
    {
        // One pending notice is enough: the loop reads the chain's state when it handles it.
        if (Interlocked.Exchange(ref _chainChangePosted, 1) == 0)
        {
            Post(ChainChanged.Instance);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var reader = _events.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var syncEvent))
                {
                    Dispatch(syncEvent);
                }

                UpdateProgress();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Dispatch(SyncEvent syncEvent)
    {
        try
        {
            switch (syncEvent)
            {
                case PeerUp e: OnPeerUp(e.Peer); break;
                case PeerDown e: OnPeerDown(e.Peer); break;
                case AnnouncementIn e: OnAnnouncement(e); break;
                case HeadersIn e: OnHeaders(e); break;
                case BlocksIn e: OnBlocks(e); break;
                case AnnounceDone e: OnAnnounceDone(e); break;
                case ConnectDone e: OnConnectDone(e); break;
                case Tick: OnTick(); break;
                case ChainChanged: OnChainChanged(); break;
                default: throw new InvalidOperationException($"Unknown sync event {syncEvent.GetType().Name}.");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault in one event must not stop synchronisation; it is a bug to fix, so it is loud.
            Log.ManagerFailed(_logger, ex);
            if (syncEvent is AnnouncementIn announcement)
            {
                announcement.Done.TrySetException(ex);
            }
        }
    }

    private void OnPeerUp(PeerId peer)
    {
        if (_peers.ContainsKey(peer))
        {
            return;
        }

        _peers[peer] = new SyncPeer(peer);
        _scheduler.AddPeer(peer);
        MaybeAnnounce(_peers[peer], force: true);
    }

    private void OnPeerDown(PeerId peer)
    {
        if (!_peers.Remove(peer))
        {
            return;
        }

        _scheduler.RemovePeer(peer);
        if (_session?.Peer == peer)
        {
            EndSession("peer disconnected");
        }

        Schedule();
    }

    private void OnChainChanged()
    {
        Interlocked.Exchange(ref _chainChangePosted, 0);
        RefreshMissing();
        TryStartConnect();
        Schedule();
        AnnounceToAll();
    }

    private void OnTick()
    {
        CheckStall();

        // Blocks left to compact relay for a while (ArrivingElsewhere) are requested once it lets go.
        Schedule();
        AnnounceToAll();
        StartSessionIfIdle();
        _headerRate.Sample(_headersCommitted);
        _blockRate.Sample(_blocksConnected);
        LogProgressIfDue();
    }

    private void Penalise(PeerId peer, string reason, string detail)
    {
        Log.PeerPenalised(_logger, peer, reason, detail);
        _network.Report(peer, reason, BlockSyncPenalties.WeightOf(reason));
    }

    /// <summary>Runs a request off the loop and posts what <paramref name="outcome"/> makes of it.</summary>
    private void Send(PeerId peer, BlockSyncMessage request, Func<BlockSyncMessage?, string?, SyncEvent> outcome) =>
        BackgroundTask.Forget(SendAsync(peer, request, outcome, _stop.Token), _logger, "block-sync request");

    private async Task SendAsync(PeerId peer, BlockSyncMessage request, Func<BlockSyncMessage?, string?, SyncEvent> outcome, CancellationToken cancellationToken)
    {
        SyncEvent result;
        try
        {
            result = outcome(await _network.SendAsync(peer, request, cancellationToken), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the loop must hear that the request ended, or its blocks stay in flight.
            var reason = ex is RequestFailedException failed ? failed.Reason.ToString() : ex.Message;
            Log.RequestFailed(_logger, request.Code, peer, reason);
            result = outcome(null, reason);
        }

        Post(result);
    }

    /// <summary>Stops the loop, the connector and the clock. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _chain.ChainUpdated -= OnChainUpdated;
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        await _stop.CancelAsync();
        _events.Writer.TryComplete();
        await _connector.DisposeAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        while (_events.Reader.TryRead(out var left))
        {
            if (left is AnnouncementIn announcement)
            {
                announcement.Done.TrySetCanceled();
            }
        }

        _stop.Dispose();
    }

    private static Hash256 LastHash(IReadOnlyList<Consensus.Model.BlockHeader> headers) => headers[^1].Hash;
}
