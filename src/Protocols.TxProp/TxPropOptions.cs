namespace RustyNode.Protocols.TxProp;

/// <summary>Settings of transaction relay (specs/protocols/02-tx-relay.md). Defaults live here and only here.</summary>
public sealed class TxPropOptions
{
    /// <summary>Mean of the Poisson trickle timer of each outbound peer (TX-3.2). Default 2 s.</summary>
    public TimeSpan OutboundTrickleInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Mean of the one Poisson trickle timer all inbound peers share (TX-3.2). Default 5 s.</summary>
    public TimeSpan InboundTrickleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most ids announced to one peer per trickle (TX-3.4). Default 50,000 (one full Inv).</summary>
    public int MaxAnnouncementsPerTrickle { get; set; } = TxPropLimits.MaxInvIds;

    /// <summary>Delay before a transaction announced only by non-preferred (inbound) peers is requested (TX-4.2). Default 2 s.</summary>
    public TimeSpan NonPreferredDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time a request has before the next announcer is asked (TX-4.4). Default 60 s.</summary>
    public TimeSpan RequestExpiry { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Announcements tracked per peer (TX-4.5). Default 5,000.</summary>
    public int MaxTrackedAnnouncementsPerPeer { get; set; } = TxPropLimits.MaxTrackedAnnouncementsPerPeer;

    /// <summary>Requests in flight per peer (TX-4.5). Default 100.</summary>
    public int MaxInFlightPerPeer { get; set; } = TxPropLimits.MaxInFlightPerPeer;

    /// <summary>How often the scheduler looks for expired requests and delayed candidates that became ready. Default 250 ms.</summary>
    public TimeSpan SchedulerTick { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Time to open a stream and write one message before the peer counts as gone. Default 30 s.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (OutboundTrickleInterval <= TimeSpan.Zero || InboundTrickleInterval <= TimeSpan.Zero || SchedulerTick <= TimeSpan.Zero || WriteTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Trickle intervals, the scheduler tick and the write timeout must be positive.");
        }

        if (NonPreferredDelay < TimeSpan.Zero || RequestExpiry <= TimeSpan.Zero)
        {
            throw new ArgumentException("The non-preferred delay must not be negative and the request expiry must be positive.");
        }

        if (MaxAnnouncementsPerTrickle is < 1 or > TxPropLimits.MaxInvIds)
        {
            throw new ArgumentException($"MaxAnnouncementsPerTrickle must be 1 to {TxPropLimits.MaxInvIds}.");
        }

        if (MaxTrackedAnnouncementsPerPeer < 1 || MaxInFlightPerPeer is < 1 or > TxPropLimits.MaxGetDataIds)
        {
            throw new ArgumentException($"MaxTrackedAnnouncementsPerPeer must be positive and MaxInFlightPerPeer 1 to {TxPropLimits.MaxGetDataIds}.");
        }
    }
}
