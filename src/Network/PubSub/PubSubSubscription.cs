using System.Threading.Channels;

namespace RustyNode.Network.PubSub;

/// <summary>
/// A local subscription to one topic: the messages accepted on it, in order (PS-8.2). A reader that
/// falls more than <see cref="PubSubOptions.SubscriptionBufferSize"/> messages behind loses the
/// oldest (counted in <see cref="Dropped"/>). Disposing it leaves the topic when it was the last.
/// </summary>
public sealed class PubSubSubscription : IDisposable
{
    private readonly Channel<ReceivedMessage> _messages;
    private readonly PubSubRouter _router;
    private long _dropped;
    private long _delivered;
    private int _disposed;

    internal PubSubSubscription(PubSubRouter router, string topic, int capacity)
    {
        _router = router;
        Topic = topic;
        _messages = Channel.CreateBounded<ReceivedMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = false, SingleWriter = false },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The topic.</summary>
    public string Topic { get; }

    /// <summary>The messages of the topic (ours and others'), completed when the subscription ends.</summary>
    public ChannelReader<ReceivedMessage> Messages => _messages.Reader;

    /// <summary>Messages handed to this subscription.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Messages dropped because the reader fell behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Leaves the topic (when this was the last local subscription to it). Safe to call twice.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _router.Unsubscribe(this);
        }
    }

    internal void Deliver(ReceivedMessage message)
    {
        Interlocked.Increment(ref _delivered);
        _messages.Writer.TryWrite(message);
    }

    internal void Complete() => _messages.Writer.TryComplete();
}
