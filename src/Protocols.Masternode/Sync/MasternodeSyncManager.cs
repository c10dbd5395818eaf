using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network;

namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>
/// Keeps the masternode list at the best header (MN-7): from the node's own chain when it connected the
/// block, otherwise from peers, by a diff from the last list held on the same header chain or, when the
/// peer refuses the diff, by the full list; each checked against the header's commitment before it is
/// held. The lists of the last few blocks are kept for reorganisations, and a list fetched from a peer
/// is compared with the one the chain computes once the block connects.
/// </summary>
internal sealed partial class MasternodeSyncManager : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly ChainService _chain;
    private readonly IMasternodeNetwork _network;
    private readonly MasternodeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RetainedLists _retained = new(MasternodeLimits.RetainedLists);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Hash256 _genesis;
    private MasternodeView _view;
    private Hash256? _headerFirst;
    private MasternodeSyncRecord? _lastFull;
    private MasternodeSyncRecord? _lastDiff;
    private long _fullSyncs;
    private long _diffSyncs;
    private long _refused;
    private long _failedRequests;
    private long _crossChecks;
    private long _crossCheckMismatches;
    private int _rotation;
    private ITimer? _retry;
    private Task _loop = Task.CompletedTask;
    private int _started;
    private int _disposed;

    public MasternodeSyncManager(ChainService chain, IMasternodeNetwork network, MasternodeOptions options, TimeProvider time, ILogger logger)
    {
        _chain = chain;
        _network = network;
        _options = options;
        _time = time;
        _logger = logger;
        _genesis = chain.GetActiveHeader(0)!.Hash;
        _view = MasternodeView.Empty(_genesis);
        _retained.Add(_view);
    }

    /// <summary>Raised (outside the lock, on the thread that made the change) when the view moved to another block.</summary>
    public event Action<MasternodeView>? ViewChanged;

    /// <summary>The list the node holds for its best header, or the highest below it it could get.</summary>
    public MasternodeView View
    {
        get
        {
            lock (_gate)
            {
                return _view;
            }
        }
    }

    /// <summary>What the sync did since start.</summary>
    public MasternodeSyncStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new MasternodeSyncStats(_view, _lastFull, _lastDiff, _fullSyncs, _diffSyncs, _refused, _failedRequests, _crossChecks, _crossCheckMismatches);
            }
        }
    }

    /// <summary>Follows the chain's events from now on and starts the sync loop. Called once.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        _chain.ChainUpdated += OnChainUpdated;
        _chain.BestHeaderChanged += OnBestHeaderChanged;
        AdoptChainTip();
        _loop = Task.Run(() => RunAsync(_shutdown.Token));
        Wake();
    }

    /// <summary>A peer connected: a list the node could not get so far may be got now.</summary>
    public void PeerConnected() => Wake();

    /// <summary>The list held for <paramref name="block"/>, when it is one of the retained ones.</summary>
    public bool TryGetList(Hash256 block, out MasternodeView view)
    {
        lock (_gate)
        {
            return _retained.TryGet(block, out view);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _chain.ChainUpdated -= OnChainUpdated;
        _chain.BestHeaderChanged -= OnBestHeaderChanged;
        await _shutdown.CancelAsync();
        _retry?.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _shutdown.Dispose();
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private void OnBestHeaderChanged(object? sender, BestHeaderChangedEventArgs e)
    {
        if (!e.HasBlock)
        {
            lock (_gate)
            {
                _headerFirst = e.Hash;
            }
        }

        Wake();
    }

    private void OnChainUpdated(object? sender, ChainUpdatedEventArgs e)
    {
        AdoptChainTip();
        Wake();
    }

    /// <summary>Takes the chain's own list after its tip (MN-7.1), cross-checking a list fetched for the same block (MN-7.4).</summary>
    private void AdoptChainTip()
    {
        var tip = _chain.Tip;
        lock (_gate)
        {
            // A chain catching up far below the lists held has nothing to add: skip copying its list.
            if (tip.Height < _retained.AdmissionHeight && !_retained.TryGet(tip.Hash, out _))
            {
                return;
            }
        }

        var (hash, height, list) = _chain.GetTipMasternodeList();
        var view = new MasternodeView(hash, height, list, height < _chain.Parameters.MasternodeActivationHeight ? MasternodeListSource.Rule : MasternodeListSource.Chain);
        lock (_gate)
        {
            if (_retained.TryGet(hash, out var fetched) && fetched.Source is MasternodeListSource.Diff or MasternodeListSource.Full)
            {
                _crossChecks++;
                if (fetched.List.Root != list.Root || fetched.List.Count != list.Count)
                {
                    _crossCheckMismatches++;
                    Log.CrossCheckMismatch(_logger, hash, fetched.List.Root, list.Root);
                }
            }
        }

        Hold(view);
    }

    /// <summary>Keeps a verified list and moves the view to it when it is higher, or the view left the best header chain.</summary>
    private void Hold(MasternodeView view)
    {
        bool moved;
        var best = _chain.BestHeader;
        lock (_gate)
        {
            _retained.Add(view);
            var current = _view;
            var currentOnBest = current.Height <= best.Height && _chain.GetHeaderAncestor(best.Hash, current.Height) == current.BlockHash;
            var viewOnBest = view.Height <= best.Height && _chain.GetHeaderAncestor(best.Hash, view.Height) == view.BlockHash;
            moved = current.BlockHash != view.BlockHash && viewOnBest && (view.Height > current.Height || !currentOnBest);
            if (moved || current.BlockHash == view.BlockHash)
            {
                _view = view;
            }
        }

        if (moved)
        {
            ViewChanged?.Invoke(view);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (await _wake.Reader.WaitToReadAsync(cancellationToken))
        {
            _wake.Reader.TryRead(out _);
            try
            {
                await SyncOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bug must not stop the loop for good; the next header or peer wakes it again.
                BackgroundTask.Forget(Task.FromException(ex), _logger, "masternode list sync round");
            }
        }
    }

    /// <summary>One round: the list at the best header, from the rule, the chain or the network (MN-7.1, MN-7.2).</summary>
    private async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        var best = _chain.BestHeader;
        Hash256? headerFirst;
        lock (_gate)
        {
            if (_retained.TryGet(best.Hash, out var held) && held.BlockHash == _view.BlockHash)
            {
                return;
            }

            headerFirst = _headerFirst;
        }

        if (best.Height < _chain.Parameters.MasternodeActivationHeight)
        {
            Hold(new MasternodeView(best.Hash, best.Height, new Consensus.Masternodes.MasternodeList(), MasternodeListSource.Rule));
            return;
        }

        if (TryGetList(best.Hash, out var known))
        {
            Hold(known);
            return;
        }

        var tip = _chain.Tip;
        if (tip.Hash == best.Hash && headerFirst != best.Hash)
        {
            AdoptChainTip();
            return;
        }

        if (!await SyncFromNetworkAsync(best.Hash, cancellationToken))
        {
            ArmRetry();
        }
    }

    private void ArmRetry()
    {
        lock (_gate)
        {
            if (_disposed != 0)
            {
                return;
            }

            _retry?.Dispose();
            _retry = _time.CreateTimer(static state => ((MasternodeSyncManager)state!).Wake(), this, _options.SyncRetryInterval, Timeout.InfiniteTimeSpan);
        }
    }
}
