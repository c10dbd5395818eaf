using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;
using RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;
using RustyNode.Protocols.BlockSync.CompactBlocks.Wire;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>
/// /rusty/compact-blocks/1.0 composed into a swarm (specs/protocols/03-compact-blocks.md): tells
/// each peer how to relay blocks to us, pushes compact blocks to the peers that asked for high
/// bandwidth and announces to the others, answers GetCompactBlock and GetBlockTxs from the chain,
/// and rebuilds the compact blocks it receives (<see cref="CompactBlockReceiver"/>). Blocks it
/// cannot rebuild are left to block sync, which it holds off (<see cref="IsArriving"/>) while a
/// rebuild is under way.
/// </summary>
public sealed partial class CompactBlocksBehaviour : INetworkBehaviour, IPeerReporter, IAsyncDisposable
{
    private readonly ChainService _chain;
    private readonly RequestResponseBehaviour<CompactMessage, CompactMessage> _requests;
    private readonly CompactBlockReceiver _receiver;
    private readonly ConcurrentDictionary<Hash256, PeerId> _arriving = new();
    private readonly Dictionary<PeerId, CompactPeer> _peers = [];
    private readonly List<PeerId> _highBandwidth = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _enabled;
    private readonly TimeSpan _grace;
    private readonly ConcurrentDictionary<Hash256, long> _heldOff = new();
    private ISwarmContext? _swarm;
    private ILogger _logger = NullLogger.Instance;
    private int _disposed;
    private long _pushed;

    /// <summary>Blocks remembered for the grace period before old entries are dropped.</summary>
    private const int HeldOffBound = 64;

    /// <param name="chain">The chain to serve, rebuild against and follow.</param>
    /// <param name="options">Timeouts (validated here); defaults when null.</param>
    public CompactBlocksBehaviour(ChainService chain, CompactBlocksOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        options ??= new CompactBlocksOptions();
        options.Validate();
        _chain = chain;
        _enabled = options.Enabled;
        _grace = options.FullBlockGrace;
        ExtraPool = new ExtraTransactionPool();
        _receiver = new CompactBlockReceiver(new ChainServiceCompactChain(chain), ExtraPool);
        _requests = new RequestResponseBehaviour<CompactMessage, CompactMessage>(
            new CompactBlocksCodec(), HandleRequestAsync, new RequestResponseOptions { RequestTimeout = options.RequestTimeout }, this);

        // Subscribed before block sync starts, so a new tip is pushed before block sync announces it.
        _chain.ChainUpdated += OnChainUpdated;
        _chain.TransactionLeftMempool += OnTransactionLeftMempool;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols => _enabled ? _requests.Protocols : [];

    /// <summary>Transactions that left the mempool unconfirmed (CB-5.5).</summary>
    public ExtraTransactionPool ExtraPool { get; }

    /// <summary>The counters of <c>{"type":"compact_blocks"}</c> (CB-7.1).</summary>
    public CompactBlockStats Stats
    {
        get
        {
            lock (_gate)
            {
                return _receiver.Snapshot([.. _highBandwidth.Select(p => p.ToString())]) with
                {
                    Peers = _peers.Values.Count(p => p.WantsHighBandwidth is not null),
                    HighBandwidthTo = _peers.Values.Count(p => p.WantsHighBandwidth == true),
                    Pushed = Interlocked.Read(ref _pushed),
                };
            }
        }
    }

    /// <summary>
    /// True while a compact block of <paramref name="block"/> is being rebuilt, and for the grace
    /// period after block sync first wants a block on our tip while a compact peer is connected
    /// (CB-5.1): block sync leaves the block alone meanwhile.
    /// </summary>
    public bool IsArriving(Hash256 block)
    {
        if (_arriving.ContainsKey(block))
        {
            return true;
        }

        if (!_enabled || !HasCompactPeers() || !_chain.TryGetHeader(block, out var header, out _, out _) || header.PreviousHash != _chain.Tip.Hash)
        {
            return false;
        }

        var time = _swarm?.TimeProvider ?? TimeProvider.System;
        var first = _heldOff.GetOrAdd(block, time.GetTimestamp());
        if (_heldOff.Count > HeldOffBound)
        {
            foreach (var old in _heldOff.Where(h => time.GetElapsedTime(h.Value) > _grace).Select(h => h.Key).ToList())
            {
                _heldOff.TryRemove(old, out _);
            }
        }

        return time.GetElapsedTime(first) < _grace;
    }

    private bool HasCompactPeers()
    {
        lock (_gate)
        {
            return _peers.Values.Any(p => p.WantsHighBandwidth is not null);
        }
    }

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        _swarm = swarm;
        _logger = swarm.LoggerFactory.CreateLogger<CompactBlocksBehaviour>();
        _requests.Attach(swarm);
    }

    /// <inheritdoc />
    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) => _requests.HandleStreamAsync(stream, cancellationToken);

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _requests.OnConnectionEstablished(connection);
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            if (!_peers.TryAdd(connection.RemotePeer, new CompactPeer(connection.RemotePeer)))
            {
                return;
            }
        }

        // CB-4.1: low bandwidth until the peer earns high bandwidth (CB-4.4).
        Send(connection.RemotePeer, new SendCompact(false, CompactBlockLimits.Version), "send compact");
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _requests.OnConnectionClosed(connection);
        var peer = connection.RemotePeer;
        if (_swarm?.GetConnections(peer).Count > 0)
        {
            return;
        }

        lock (_gate)
        {
            _peers.Remove(peer);
            _highBandwidth.Remove(peer);
        }

        foreach (var hash in _receiver.OnPeerDisconnected(peer))
        {
            _arriving.TryRemove(hash, out _);
        }
    }

    /// <summary>Request/response protocol violations become the CB-6.1 "compact block malformed" score.</summary>
    void IPeerReporter.Report(PeerId peer, string reason, double weight) =>
        _swarm?.ReportPeer(peer, $"{CompactBlockScoreReasons.Malformed}: {reason}", CompactBlockScoreReasons.MalformedWeight * weight);

    /// <summary>Stops following the chain. Safe to call twice.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        _chain.ChainUpdated -= OnChainUpdated;
        _chain.TransactionLeftMempool -= OnTransactionLeftMempool;
        _stop.Cancel();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnTransactionLeftMempool(Transaction tx) => ExtraPool.Add(tx);

    private void Score(PeerId peer, string reason)
    {
        CompactLog.PeerMisbehaved(_logger, peer, reason);
        _swarm?.ReportPeer(peer, reason, CompactBlockScoreReasons.WeightOf(reason));
    }

    /// <summary>Sends a request whose answer is only an Ack, in the background.</summary>
    private void Send(PeerId peer, CompactMessage request, string what)
    {
        if (_swarm is null || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        CompactPeer? state;
        lock (_gate)
        {
            state = _peers.GetValueOrDefault(peer);
        }

        if (state is not null && !state.TryBeginSend())
        {
            CompactLog.SendDropped(_logger, peer, what);
            return;
        }

        BackgroundTask.Forget(SendQuietlyAsync(peer, request, state), _logger, what);
    }

    private async Task SendQuietlyAsync(PeerId peer, CompactMessage request, CompactPeer? state)
    {
        try
        {
            await _requests.SendRequestAsync(peer, request, _stop.Token);
        }
        catch (RequestFailedException ex)
        {
            CompactLog.RequestFailed(_logger, peer, ex.Reason);
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            state?.EndSend();
        }
    }
}
