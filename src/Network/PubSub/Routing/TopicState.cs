using RustyNode.Network.Identity;

namespace RustyNode.Network.PubSub.Routing;

/// <summary>The router's state of one topic: our subscription, peers in it, our mesh or fanout. Guarded by the router's lock.</summary>
internal sealed class TopicState
{
    public TopicState(string name, TopicOptions options)
    {
        Name = name;
        Options = options;
    }

    public string Name { get; }

    public TopicOptions Options { get; set; }

    /// <summary>True once an application registered the topic (its options then stay).</summary>
    public bool Registered { get; set; }

    /// <summary>Our local subscriptions; we are subscribed while there is at least one.</summary>
    public List<PubSubSubscription> Subscriptions { get; } = [];

    public bool Subscribed => Subscriptions.Count > 0;

    /// <summary>Connected peers subscribed to the topic.</summary>
    public HashSet<PeerId> Peers { get; } = [];

    /// <summary>Our mesh (while subscribed).</summary>
    public HashSet<PeerId> Mesh { get; } = [];

    /// <summary>Our fanout (while publishing without being subscribed).</summary>
    public HashSet<PeerId> Fanout { get; } = [];

    /// <summary>When we last published to the topic (for fanout expiry), as a timestamp.</summary>
    public long LastPublished { get; set; }

    /// <summary>True when nothing refers to the topic any more and it can be forgotten.</summary>
    public bool IsIdle => !Registered && !Subscribed && Peers.Count == 0 && Fanout.Count == 0;
}
