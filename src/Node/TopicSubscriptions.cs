using Microsoft.Extensions.Logging;
using RustyNode.Network;
using RustyNode.Network.PubSub;
using RustyNode.Network.Swarm;

namespace RustyNode.Node;

/// <summary>
/// The operator's topic subscriptions (--topic and the control interface, PS-9): each counts the
/// messages it receives and, when made with events, publishes each as a
/// <see cref="PubSubMessageReceived"/> swarm event for the control interface to report.
/// </summary>
public sealed class TopicSubscriptions : IDisposable
{
    private readonly PubSubRouter _router;
    private readonly ISwarmContext _swarm;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private TaskCompletionSource _counted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TopicSubscriptions(PubSubRouter router, ISwarmContext swarm, ILogger logger)
    {
        _router = router;
        _swarm = swarm;
        _logger = logger;
    }

    /// <summary>Subscribes to <paramref name="topic"/>; false when already subscribed (then only the events flag changes).</summary>
    public bool Subscribe(string topic, bool events)
    {
        lock (_lock)
        {
            if (_topics.TryGetValue(topic, out var existing))
            {
                existing.Events = events;
                return false;
            }

            var entry = new Entry(_router.Subscribe(topic)) { Events = events };
            _topics[topic] = entry;
            BackgroundTask.Forget(PumpAsync(topic, entry), _logger, "topic subscription pump");
            return true;
        }
    }

    /// <summary>Leaves <paramref name="topic"/>; false when not subscribed.</summary>
    public bool Unsubscribe(string topic)
    {
        Entry? entry;
        lock (_lock)
        {
            _topics.Remove(topic, out entry);
        }

        entry?.Subscription.Dispose();
        return entry is not null;
    }

    /// <summary>Messages received on <paramref name="topic"/> since the node started.</summary>
    public long Count(string topic)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault(topic);
        }
    }

    /// <summary>Waits until at least <paramref name="atLeast"/> messages were received on <paramref name="topic"/>.</summary>
    public async Task<long> WaitForCountAsync(string topic, long atLeast, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task counted;
            lock (_lock)
            {
                var count = _counts.GetValueOrDefault(topic);
                if (count >= atLeast)
                {
                    return count;
                }

                counted = _counted.Task;
            }

            await counted.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        Entry[] entries;
        lock (_lock)
        {
            entries = [.. _topics.Values];
            _topics.Clear();
        }

        foreach (var entry in entries)
        {
            entry.Subscription.Dispose();
        }
    }

    private async Task PumpAsync(string topic, Entry entry)
    {
        await Task.Yield();
        await foreach (var message in entry.Subscription.Messages.ReadAllAsync())
        {
            TaskCompletionSource counted;
            lock (_lock)
            {
                _counts[topic] = _counts.GetValueOrDefault(topic) + 1;
                counted = _counted;
                _counted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            counted.TrySetResult();
            if (entry.Events)
            {
                _swarm.Publish(new PubSubMessageReceived(message));
            }
        }
    }

    private sealed class Entry(PubSubSubscription subscription)
    {
        public PubSubSubscription Subscription { get; } = subscription;

        private volatile bool _events;

        public bool Events
        {
            get => _events;
            set => _events = value;
        }
    }
}
