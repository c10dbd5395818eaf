namespace RustyNode.Network.PubSub.Scoring;

/// <summary>What the scorer knows of one peer: per-topic counters, P5, P7, its IP and whether it is still connected.</summary>
internal sealed class PeerScoreStats
{
    public Dictionary<string, TopicScoreStats> Topics { get; } = new(StringComparer.Ordinal);

    public bool Connected { get; set; }

    /// <summary>When a disconnected peer's score is forgotten (a timestamp).</summary>
    public long ExpiresAt { get; set; }

    public string? Ip { get; set; }

    public double BehaviourPenalty { get; set; }

    public double ApplicationScore { get; set; }

    public TopicScoreStats Topic(string topic)
    {
        if (!Topics.TryGetValue(topic, out var stats))
        {
            stats = new TopicScoreStats();
            Topics[topic] = stats;
        }

        return stats;
    }
}
