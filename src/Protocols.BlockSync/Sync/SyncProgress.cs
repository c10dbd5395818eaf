namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>Where synchronisation stands (BS-8.2): what <c>{"type":"sync"}</c> reports.</summary>
/// <param name="State">"idle" (no peer), "headers" (a header session runs), "blocks" (blocks missing) or "synced".</param>
/// <param name="Height">Height of the active tip.</param>
/// <param name="Headers">Height of the best header.</param>
/// <param name="TargetHeight">The height sync is heading for (the best header's).</param>
/// <param name="Percent">Height ÷ target, in percent.</param>
/// <param name="HeadersPerSecond">Headers committed per second over the last ten seconds.</param>
/// <param name="BlocksPerSecond">Blocks connected per second over the last ten seconds.</param>
/// <param name="EtaSeconds">Blocks left ÷ blocks per second; null when not moving.</param>
/// <param name="Peers">Peers that speak the protocol.</param>
/// <param name="SyncPeer">The peer of the running header session, or null.</param>
/// <param name="InFlight">Blocks requested and not yet delivered.</param>
/// <param name="Buffered">Blocks downloaded and waiting to connect.</param>
/// <param name="Stalls">Stalls detected since start.</param>
/// <param name="BlocksReceived">Useful blocks received since start.</param>
/// <param name="BytesReceived">Their bytes.</param>
/// <param name="StallTimeout">The stall timeout in force.</param>
/// <param name="LastHeaderSync">The last header session that committed headers, or null.</param>
public sealed record SyncProgress(
    string State,
    int Height,
    int Headers,
    int TargetHeight,
    double Percent,
    double HeadersPerSecond,
    double BlocksPerSecond,
    double? EtaSeconds,
    int Peers,
    string? SyncPeer,
    int InFlight,
    int Buffered,
    int Stalls,
    long BlocksReceived,
    long BytesReceived,
    TimeSpan StallTimeout,
    HeaderSyncStats? LastHeaderSync)
{
    /// <summary>Before the manager has looked at anything.</summary>
    public static SyncProgress Initial { get; } = new("idle", 0, 0, 0, 0, 0, 0, null, 0, null, 0, 0, 0, 0, 0, TimeSpan.Zero, null);
}
