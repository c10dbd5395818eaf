namespace RustyNode.Network.Multistream;

/// <summary>Settings of one multistream-select negotiation.</summary>
public sealed class MultistreamOptions
{
    /// <summary>Shared default instance; do not mutate.</summary>
    internal static readonly MultistreamOptions Default = new();

    /// <summary>
    /// How long a whole negotiation may take before it fails with <see cref="TimeoutException"/>.
    /// Default 10 seconds; <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan NegotiationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Clock for the timeout (tests inject a fake one). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (NegotiationTimeout <= TimeSpan.Zero && NegotiationTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(NegotiationTimeout), NegotiationTimeout, "Must be positive or infinite.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
