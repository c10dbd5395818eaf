namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>One header session: headers committed and the time from its first request to its end.</summary>
public sealed record HeaderSyncStats(string Peer, int Headers, double Seconds)
{
    /// <summary>Headers committed per second over the session.</summary>
    public double HeadersPerSecond => Seconds > 0 ? Headers / Seconds : 0;
}
