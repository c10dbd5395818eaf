using RustyNode.Network.Identity;

namespace RustyNode.Network.PubSub.Gossipsub;

/// <summary>
/// The message cache (GS-4.2): messages of the last <c>historyLength</c> heartbeats by id, in
/// windows shifted once per heartbeat; IHAVE gossip names the ids of the newest
/// <c>historyGossip</c> windows. It also counts how often each peer asked for each message, so
/// IWANT is answered a bounded number of times (GS-5.4). Not thread safe.
/// </summary>
internal sealed class MessageCache
{
    private readonly int _historyGossip;
    private readonly Dictionary<MessageId, CachedMessage> _messages = [];
    private readonly LinkedList<List<MessageId>> _windows = new();

    public MessageCache(int historyLength, int historyGossip)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(historyGossip, historyLength);
        _historyGossip = historyGossip;
        for (var i = 0; i < historyLength; i++)
        {
            _windows.AddLast([]);
        }
    }

    public int Count => _messages.Count;

    /// <summary>Messages not cached because the cache was full.</summary>
    public long Refused { get; private set; }

    /// <summary>Adds a message to the newest window; false when it is already cached or the cache is full.</summary>
    public bool Put(ReceivedMessage message)
    {
        if (_messages.ContainsKey(message.Id))
        {
            return false;
        }

        if (_messages.Count >= PubSubLimits.MaxCachedMessages)
        {
            Refused++;
            return false;
        }

        _messages[message.Id] = new CachedMessage(message);
        _windows.First!.Value.Add(message.Id);
        return true;
    }

    public bool TryGet(MessageId id, out ReceivedMessage message)
    {
        if (_messages.TryGetValue(id, out var cached))
        {
            message = cached.Message;
            return true;
        }

        message = null!;
        return false;
    }

    /// <summary>The cached message for an IWANT of <paramref name="peer"/>, with how many times that peer has now asked for it.</summary>
    public bool TryGetForPeer(MessageId id, PeerId peer, out ReceivedMessage message, out int count)
    {
        if (!_messages.TryGetValue(id, out var cached))
        {
            message = null!;
            count = 0;
            return false;
        }

        cached.Requests ??= [];
        count = cached.Requests.TryGetValue(peer, out var previous) ? previous + 1 : 1;
        cached.Requests[peer] = count;
        message = cached.Message;
        return true;
    }

    /// <summary>Ids of <paramref name="topic"/>'s messages in the gossip windows, newest first.</summary>
    public List<MessageId> GetGossipIds(string topic)
    {
        var ids = new List<MessageId>();
        var window = _windows.First;
        for (var i = 0; i < _historyGossip && window is not null; i++, window = window.Next)
        {
            foreach (var id in window.Value)
            {
                if (_messages.TryGetValue(id, out var cached) && cached.Message.Topic == topic)
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    /// <summary>Starts a new window and forgets the messages of the oldest.</summary>
    public void Shift()
    {
        var oldest = _windows.Last!.Value;
        _windows.RemoveLast();
        foreach (var id in oldest)
        {
            _messages.Remove(id);
        }

        oldest.Clear();
        _windows.AddFirst(oldest);
    }

    private sealed class CachedMessage(ReceivedMessage message)
    {
        public ReceivedMessage Message { get; } = message;

        public Dictionary<PeerId, int>? Requests { get; set; }
    }
}
