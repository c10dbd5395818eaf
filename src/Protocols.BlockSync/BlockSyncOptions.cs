using System.Numerics;

namespace RustyNode.Protocols.BlockSync;

/// <summary>Settings of block sync (specs/protocols/01-block-sync.md). Defaults live here and only here.</summary>
public sealed class BlockSyncOptions
{
    /// <summary>Blocks ahead of the active tip that may be downloaded (BS-5.1). Default 1,024.</summary>
    public int DownloadWindow { get; set; } = 1_024;

    /// <summary>Blocks in flight from one peer at once (BS-5.2). Default 16.</summary>
    public int MaxBlocksInFlightPerPeer { get; set; } = 16;

    /// <summary>Work a header chain must reach before it is committed, besides beating our tip (BS-4.4). Default 0.</summary>
    public BigInteger MinimumChainWork { get; set; } = BigInteger.Zero;

    /// <summary>First and smallest stall timeout (BS-5.7). Default 2 s.</summary>
    public TimeSpan MinStallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest stall timeout (BS-5.7). Default 64 s.</summary>
    public TimeSpan MaxStallTimeout { get; set; } = TimeSpan.FromSeconds(64);

    /// <summary>How often the sync manager checks for stalls and due announcements. Default 250 ms.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Least time between two announcements to one peer when synced (BS-4.6). Default 100 ms.</summary>
    public TimeSpan AnnounceInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Least time between two announcements to one peer while far behind (BS-4.6). Default 1 s.</summary>
    public TimeSpan CatchUpAnnounceInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often progress is logged while syncing (BS-8.1). Default 10 s.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time a request has for its complete response (RR-4.1). Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most blocks handed to the chain in one connect run (keeps progress reports flowing). Default 32.</summary>
    public int ConnectBatch { get; set; } = 32;

    /// <summary>Checks the settings, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (DownloadWindow < 1 || MaxBlocksInFlightPerPeer < 1 || MaxBlocksInFlightPerPeer > BlockSyncLimits.MaxBlocksPerRequest || ConnectBatch < 1)
        {
            throw new ArgumentException($"The download window and the blocks in flight per peer (at most {BlockSyncLimits.MaxBlocksPerRequest}) must be positive.");
        }

        if (MinimumChainWork < 0)
        {
            throw new ArgumentException("The minimum chain work cannot be negative.");
        }

        if (MinStallTimeout <= TimeSpan.Zero || MaxStallTimeout < MinStallTimeout || TickInterval <= TimeSpan.Zero
            || AnnounceInterval < TimeSpan.Zero || CatchUpAnnounceInterval < TimeSpan.Zero || ProgressInterval <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Block sync durations must be positive, and the largest stall timeout at least the smallest.");
        }
    }
}
