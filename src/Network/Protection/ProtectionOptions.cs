namespace RustyNode.Network.Protection;

/// <summary>Settings of <see cref="PeerProtection"/> (specs/network/14-protection.md). Defaults live here and only here.</summary>
public sealed class ProtectionOptions
{
    /// <summary>
    /// Unasked inbound messages (streams the peer opens, and messages protocols count) a peer may send per second;
    /// <see cref="double.PositiveInfinity"/> for no limit. Default 100.
    /// </summary>
    public double MessagesPerSecond { get; set; } = 100;

    /// <summary>Messages a quiet peer may send at once. Default 200 (two seconds' worth).</summary>
    public double MessageBurst { get; set; } = 200;

    /// <summary>Unasked inbound bytes (payload on streams the peer opened) a peer may send per second; <see cref="double.PositiveInfinity"/> for no limit. Default 1 MB.</summary>
    public double BytesPerSecond { get; set; } = 1_000_000;

    /// <summary>Bytes a quiet peer may send at once. Default 2 MB (two seconds' worth).</summary>
    public double ByteBurst { get; set; } = 2_000_000;

    /// <summary>Per-protocol message budgets, for protocols that ask for one (by protocol id). Default none.</summary>
    public IDictionary<string, RateLimit> ProtocolLimits { get; } = new Dictionary<string, RateLimit>(StringComparer.Ordinal);

    /// <summary>
    /// How far past its budget a peer may be, in time of its rate, before further unasked streams
    /// and messages count as excess (PROT-2.4): a peer owing more than this many seconds of its
    /// message or byte budget keeps sending although it has been slowed. Default 2 s.
    /// </summary>
    public TimeSpan ExcessAllowance { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Reputation lost per excess unasked stream or message (PROT-2.4). Default 5.</summary>
    public double ExcessPenalty { get; set; } = 5;

    /// <summary>A peer whose reputation falls below this is disconnected and banned. Default -100.</summary>
    public double BanThreshold { get; set; } = -100;

    /// <summary>How long a score ban lasts. Default 24 h.</summary>
    public TimeSpan BanDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Time for a reputation to decay halfway to zero. Default 10 min.</summary>
    public TimeSpan ReputationHalfLife { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Checks the settings, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (MessagesPerSecond <= 0 || BytesPerSecond <= 0 || MessageBurst < 1 || ByteBurst < 1)
        {
            throw new ArgumentException("Rates must be positive and bursts at least 1.");
        }

        if (ProtocolLimits.Values.Any(l => l.PerSecond <= 0 || l.Burst < 1))
        {
            throw new ArgumentException("Protocol rates must be positive and bursts at least 1.");
        }

        if (BanThreshold >= 0 || BanThreshold < ProtectionLimits.MinReputation)
        {
            throw new ArgumentException($"BanThreshold must be negative and at least {ProtectionLimits.MinReputation}.");
        }

        if (ExcessAllowance < TimeSpan.Zero || ExcessPenalty < 0 || BanDuration <= TimeSpan.Zero || ReputationHalfLife <= TimeSpan.Zero)
        {
            throw new ArgumentException("Durations must be positive and the penalty non-negative.");
        }
    }
}
