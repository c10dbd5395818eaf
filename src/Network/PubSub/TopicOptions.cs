using RustyNode.Network.PubSub.Scoring;

namespace RustyNode.Network.PubSub;

/// <summary>
/// What a protocol registers for its topic (<see cref="PubSubRouter.RegisterTopic"/>): its
/// validator, its score parameters and, when they differ from the router's, its signature policy,
/// message id function and maximum message size. Unset fields take the router's defaults.
/// </summary>
public sealed class TopicOptions
{
    /// <summary>The topic's validator; null accepts every message that passes the signature policy.</summary>
    public MessageValidator? Validator { get; init; }

    /// <summary>The topic's score parameters; null uses <see cref="PubSubOptions.DefaultTopicScore"/>.</summary>
    public TopicScoreParameters? Score { get; init; }

    /// <summary>The topic's signature policy; null uses <see cref="PubSubOptions.SignaturePolicy"/>.</summary>
    public SignaturePolicy? SignaturePolicy { get; init; }

    /// <summary>The topic's message id function; null uses the router's.</summary>
    public MessageIdFunction? MessageId { get; init; }

    /// <summary>Largest message of the topic (encoded); null uses <see cref="PubSubOptions.MaxMessageSize"/>.</summary>
    public int? MaxMessageSize { get; init; }

    /// <summary>Checks the options, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        Score?.Validate();
        if (MaxMessageSize is { } size && (size < 64 || size > PubSubLimits.MaxConfigurableMessageSize))
        {
            throw new ArgumentException($"MaxMessageSize must be between 64 and {PubSubLimits.MaxConfigurableMessageSize}.");
        }
    }
}
