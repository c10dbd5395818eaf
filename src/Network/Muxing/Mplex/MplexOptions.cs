namespace RustyNode.Network.Muxing.Mplex;

/// <summary>Settings of mplex sessions (specs/network/07-mplex.md, MPX-3.2).</summary>
public sealed class MplexOptions
{
    /// <summary>
    /// How long the session stops reading the connection for a stream whose reader holds
    /// <see cref="MplexLimits.MaxStreamBuffer"/> unconsumed bytes before it resets that stream.
    /// Default 5 seconds.
    /// </summary>
    public TimeSpan StalledReaderTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Clock for <see cref="StalledReaderTimeout"/> (tests inject a fake one). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        if (StalledReaderTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StalledReaderTimeout), StalledReaderTimeout, "Must be positive.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
