using System.Threading.Channels;
using RustyNode.Network.PubSub.Messages;

namespace RustyNode.Network.PubSub.Routing;

/// <summary>
/// What the router wants sent to one peer, until the peer's writer takes it (PS-6). The writer
/// takes everything pending as one RPC: subscription changes and control entries first, then as
/// many messages as fit a batch, so control piggybacks on messages (GS-5.6) and a backlog goes out
/// in few large frames. Messages beyond <see cref="PubSubLimits.MaxQueuedBytesPerPeer"/> are
/// dropped and counted. Thread safe.
/// </summary>
internal sealed class PeerOutbox
{
    private readonly Lock _lock = new();
    private readonly Queue<PubSubMessage> _messages = new();
    private readonly List<SubscriptionChange> _subscriptions = [];
    private readonly List<ControlIHave> _ihave = [];
    private readonly List<ControlIWant> _iwant = [];
    private readonly List<ControlGraft> _graft = [];
    private readonly List<ControlPrune> _prune = [];
    private readonly List<ControlIDontWant> _idontwant = [];
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly long _lowWaterBytes;
    private TaskCompletionSource _belowLowWater = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _queuedBytes;
    private int _controlCount;
    private bool _hasControl;
    private bool _completed;

    /// <param name="lowWaterBytes">A publisher waiting out a backlog resumes once no more than this is queued.</param>
    public PeerOutbox(long lowWaterBytes)
    {
        _lowWaterBytes = lowWaterBytes;
    }

    /// <summary>Called (under the router's lock) whenever something is queued; the in-process transport of tests uses it.</summary>
    public Action<PeerOutbox>? Ready { get; set; }

    /// <summary>Bytes of messages waiting.</summary>
    public long QueuedBytes => Volatile.Read(ref _queuedBytes);

    /// <summary>Messages dropped because the queue was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Control entries dropped because too many were waiting.</summary>
    public long DroppedControl { get; private set; }

    public bool IsCompleted
    {
        get
        {
            lock (_lock)
            {
                return _completed;
            }
        }
    }

    /// <summary>Queues a message; false when the queue is full or closed (the message is dropped).</summary>
    public bool TryAddMessage(PubSubMessage message)
    {
        lock (_lock)
        {
            if (_completed || _queuedBytes + message.Encoded.Length > PubSubLimits.MaxQueuedBytesPerPeer)
            {
                Dropped++;
                return false;
            }

            _messages.Enqueue(message);
            _queuedBytes += message.Encoded.Length;
        }

        Signal();
        return true;
    }

    public void AddSubscription(SubscriptionChange change) => AddControl(_subscriptions, change);

    public void AddIHave(ControlIHave ihave) => AddControl(_ihave, ihave);

    public void AddIWant(ControlIWant iwant) => AddControl(_iwant, iwant);

    public void AddGraft(ControlGraft graft) => AddControl(_graft, graft);

    public void AddPrune(ControlPrune prune) => AddControl(_prune, prune);

    public void AddIDontWant(ControlIDontWant idontwant) => AddControl(_idontwant, idontwant);

    /// <summary>Takes what is pending as one RPC of about <paramref name="maxBytes"/> at most (one message may exceed it alone).</summary>
    /// <returns>False when nothing is pending.</returns>
    public bool TryTake(int maxBytes, out PubSubRpc rpc)
    {
        lock (_lock)
        {
            if (_messages.Count == 0 && !_hasControl)
            {
                rpc = PubSubRpc.Empty;
                return false;
            }

            ControlMessage? control = null;
            IReadOnlyList<SubscriptionChange> subscriptions = [];
            var size = 0;
            if (_hasControl)
            {
                subscriptions = Drain(_subscriptions);
                var built = new ControlMessage(Drain(_ihave), Drain(_iwant), Drain(_graft), Drain(_prune), MergeDontWant());
                control = built.IsEmpty ? null : built;
                size = control is null ? 0 : PubSubRpcCodec.GetControlSize(control);
                _hasControl = false;
                _controlCount = 0;
            }

            var messages = new List<PubSubMessage>();
            while (_messages.TryPeek(out var next) && (messages.Count == 0 || size + next.Encoded.Length + 8 <= maxBytes))
            {
                _messages.Dequeue();
                messages.Add(next);
                size += next.Encoded.Length + 8;
                _queuedBytes -= next.Encoded.Length;
            }

            rpc = new PubSubRpc(subscriptions, messages, control);
            if (_messages.Count > 0)
            {
                _signal.Writer.TryWrite(true);
            }

            if (_queuedBytes <= _lowWaterBytes && !_belowLowWater.Task.IsCompleted)
            {
                _belowLowWater.TrySetResult();
            }

            return true;
        }
    }

    /// <summary>Completes when something may be pending, or the outbox was closed (then returns false).</summary>
    public async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _signal.Reader.WaitToReadAsync(cancellationToken) && _signal.Reader.TryRead(out _);
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>Completes once no more than the low-water mark is queued (for a publisher that waits out a backlog).</summary>
    public Task WhenBelowLowWaterAsync()
    {
        lock (_lock)
        {
            if (_queuedBytes <= _lowWaterBytes || _completed)
            {
                return Task.CompletedTask;
            }

            if (_belowLowWater.Task.IsCompleted)
            {
                _belowLowWater = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _belowLowWater.Task;
        }
    }

    /// <summary>Closes the outbox: nothing more is queued and the writer ends.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            _messages.Clear();
            _subscriptions.Clear();
            _ihave.Clear();
            _iwant.Clear();
            _graft.Clear();
            _prune.Clear();
            _idontwant.Clear();
            _hasControl = false;
            _queuedBytes = 0;
            _belowLowWater.TrySetResult();
        }

        _signal.Writer.TryComplete();
    }

    private void AddControl<T>(List<T> list, T item)
    {
        lock (_lock)
        {
            if (_completed || _controlCount >= PubSubLimits.MaxQueuedControlPerPeer)
            {
                DroppedControl++;
                return;
            }

            list.Add(item);
            _controlCount++;
            _hasControl = true;
        }

        Signal();
    }

    private void Signal()
    {
        _signal.Writer.TryWrite(true);
        Ready?.Invoke(this);
    }

    // One IDONTWANT entry for all the ids waiting: a relay adds one id per large message.
    private ControlIDontWant[] MergeDontWant()
    {
        if (_idontwant.Count <= 1)
        {
            return Drain(_idontwant);
        }

        var ids = new List<MessageId>();
        foreach (var entry in _idontwant)
        {
            ids.AddRange(entry.MessageIds);
        }

        _idontwant.Clear();
        return [new ControlIDontWant(ids)];
    }

    private static T[] Drain<T>(List<T> list)
    {
        if (list.Count == 0)
        {
            return [];
        }

        var items = list.ToArray();
        list.Clear();
        return items;
    }
}
