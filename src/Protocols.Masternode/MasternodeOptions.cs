namespace RustyNode.Protocols.Masternode;

/// <summary>Settings of the masternode protocol's behaviour. Defaults live here and only here.</summary>
public sealed class MasternodeOptions
{
    /// <summary>Time a list, diff or chunk request has for its complete response (RR-4.1). Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time a PoSe challenge has from the dial to a verified response (MN-10.2). Default 10 s.</summary>
    public TimeSpan PoSeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After every peer failed to give the list at the best header, the sync asks again after this long (MN-7.2). Default 15 s.</summary>
    public TimeSpan SyncRetryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether the node challenges masternodes (MN-10.1). Default on.</summary>
    public bool PoSeEnabled { get; set; } = true;

    /// <summary>Checks the settings, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero || PoSeTimeout <= TimeSpan.Zero || SyncRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("Masternode protocol durations must be positive.");
        }
    }
}
