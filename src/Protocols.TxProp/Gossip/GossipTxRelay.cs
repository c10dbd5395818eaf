using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus;
using RustyNode.Consensus.Mempool;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network;
using RustyNode.Network.PubSub;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.TxProp.Relay;
using ValidationResult = RustyNode.Network.PubSub.ValidationResult;

namespace RustyNode.Protocols.TxProp.Gossip;

/// <summary>
/// Transaction relay over a GossipSub topic (`--tx-relay gossipsub`, TX-9): each transaction the
/// mempool accepts from elsewhere than the topic is published once on <see cref="Topic"/>; each one
/// that arrives on the topic goes through the topic's validator, which validates it into the
/// mempool before the router forwards it (TX-9.2) and rejects, scoring the sender, what breaks a
/// consensus rule (TX-9.3). It serves no stream protocol of its own: the pubsub router carries the
/// messages, and this behaviour only joins the router to the chain.
/// </summary>
public sealed class GossipTxRelay : INetworkBehaviour, IAsyncDisposable
{
    /// <summary>The topic (TX-9.1).</summary>
    public const string Topic = "/rusty/tx/1";

    private readonly ChainService _chain;
    private readonly PubSubBehaviour _pubSub;
    private readonly ConcurrentDictionary<Hash256, byte> _validating = new();
    private readonly Channel<Transaction> _outgoing = Channel.CreateBounded<Transaction>(
        new BoundedChannelOptions(TxPropLimits.MaxQueuedAnnouncementsPerPeer) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly CancellationTokenSource _shutdown = new();
    private ISwarmContext? _swarm;
    private ILogger _logger = NullLogger.Instance;
    private PubSubSubscription? _subscription;
    private Task _publisher = Task.CompletedTask;
    private Task _drain = Task.CompletedTask;
    private int _disposed;

    /// <param name="chain">The mempool relayed from and into.</param>
    /// <param name="pubSub">The pubsub behaviour, composed into the swarm before this one.</param>
    public GossipTxRelay(ChainService chain, PubSubBehaviour pubSub)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(pubSub);
        _chain = chain;
        _pubSub = pubSub;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; } = [];

    /// <summary>
    /// Counters since start: <c>received</c> transactions the topic brought that entered the
    /// mempool, <c>duplicatesReceived</c> ones it already held, <c>unrequested</c> ones rejected as
    /// the sender's fault, <c>announcedOut</c> transactions published, <c>bytesIn</c>/<c>bytesOut</c>
    /// their bytes (TX-9.4).
    /// </summary>
    public TxRelayCounters Totals { get; } = new();

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        _swarm = swarm;
        _logger = swarm.LoggerFactory.CreateLogger<GossipTxRelay>();
        var router = _pubSub.Router;
        router.RegisterTopic(Topic, new TopicOptions
        {
            Validator = ValidateAsync,
            SignaturePolicy = SignaturePolicy.StrictNoSign,
            MaxMessageSize = TxPropLimits.MaxTransactionSize + GossipLimits.MessageOverhead,
        });
        _subscription = router.Subscribe(Topic);
        _chain.TransactionsAccepted += OnTransactionsAccepted;
        _publisher = Task.Run(() => PublishAllAsync(router, _shutdown.Token));
        _drain = Task.Run(() => DrainAsync(_subscription, _shutdown.Token));
    }

    /// <inheritdoc />
    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Gossip transaction relay serves no stream protocol.");

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
    }

    /// <summary>Stops publishing and leaves the topic. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _chain.TransactionsAccepted -= OnTransactionsAccepted;
        _outgoing.Writer.TryComplete();
        await _shutdown.CancelAsync();
        await _publisher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _subscription?.Dispose();
        await _drain.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _shutdown.Dispose();
    }

    /// <summary>
    /// The topic's validator (TX-9.2, TX-9.3): our own publications are already in the mempool; a
    /// peer's transaction is forwarded only when the mempool accepts it.
    /// </summary>
    private ValueTask<ValidationResult> ValidateAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        if (message.ReceivedFrom is not { } from)
        {
            return ValueTask.FromResult(ValidationResult.Accept);
        }

        Totals.AddBytesIn(message.Data.Length);
        Transaction tx;
        try
        {
            tx = TransactionCodec.FromBytes(message.Data);
        }
        catch (ConsensusFormatException ex)
        {
            Report(from, TxPropScoreReasons.MalformedMessage, TxPropScoreReasons.MalformedMessageWeight, ex.Message);
            return ValueTask.FromResult(ValidationResult.Reject);
        }

        // Marked while validated: accepting it raises TransactionsAccepted, and the router forwards
        // it on an Accept, so it must not be published a second time (released orphans are).
        _validating.TryAdd(tx.TxId, 0);
        MempoolAcceptResult result;
        try
        {
            result = _chain.AcceptTransaction(tx);
        }
        finally
        {
            _validating.TryRemove(tx.TxId, out _);
        }

        var reason = result.Result.Reason;
        if (result.IsAccepted)
        {
            Totals.AddReceived(1);
            return ValueTask.FromResult(ValidationResult.Accept);
        }

        if (reason is RejectReason.AlreadyInMempool or RejectReason.AlreadyConfirmed)
        {
            Totals.AddDuplicate(1);
        }
        else if (TxPropScoreReasons.IsSendersFault(reason))
        {
            Totals.AddUnrequested(1);
            Report(from, TxPropScoreReasons.InvalidTransaction, TxPropScoreReasons.InvalidTransactionWeight, $"{tx.TxId}: {reason}");
            return ValueTask.FromResult(ValidationResult.Reject);
        }

        // Orphans (kept by the mempool, published by us when their parents release them), policy
        // refusals and duplicates are dropped without penalty.
        return ValueTask.FromResult(ValidationResult.Ignore);
    }

    private void OnTransactionsAccepted(object? sender, TransactionsAcceptedEventArgs e)
    {
        foreach (var tx in e.Transactions)
        {
            if (!_validating.ContainsKey(tx.TxId))
            {
                _outgoing.Writer.TryWrite(tx);
            }
        }
    }

    /// <summary>Publishes queued transactions in acceptance order (parents first).</summary>
    private async Task PublishAllAsync(PubSubRouter router, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await foreach (var tx in _outgoing.Reader.ReadAllAsync(cancellationToken))
        {
            buffer.ResetWrittenCount();
            TransactionCodec.Write(tx, buffer);
            try
            {
                await router.PublishAsync(Topic, buffer.WrittenMemory.ToArray(), cancellationToken);
                Totals.AddAnnouncedOut(1);
                Totals.AddBytesOut(buffer.WrittenCount);
            }
            catch (InvalidOperationException ex)
            {
                // Seen on the topic already (a released orphan another node published first).
                Log.PublishSkipped(_logger, tx.TxId, ex.Message);
            }
        }
    }

    /// <summary>Reads the subscription so it does not fill: the validator already did the work.</summary>
    private static async Task DrainAsync(PubSubSubscription subscription, CancellationToken cancellationToken)
    {
        await foreach (var _ in subscription.Messages.ReadAllAsync(cancellationToken))
        {
        }
    }

    private void Report(Network.Identity.PeerId peer, string reason, double weight, string detail)
    {
        Log.Misbehaved(_logger, peer, reason, detail);
        _swarm?.ReportPeer(peer, reason, weight);
    }
}
