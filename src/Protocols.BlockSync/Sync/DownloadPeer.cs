namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>What the download scheduler knows of one peer.</summary>
internal sealed class DownloadPeer
{
    /// <summary>Blocks of our best chain the peer has: up to this height (BS-5.2); -1 for none.</summary>
    public int AvailableHeight { get; set; } = -1;

    /// <summary>Blocks assigned to it and not yet delivered or released.</summary>
    public int InFlight { get; set; }

    /// <summary>Ids of its block requests that have not ended.</summary>
    public HashSet<long> Outstanding { get; } = [];

    /// <summary>True after a stall, until its outstanding requests end (BS-5.6).</summary>
    public bool Stalled { get; set; }

    /// <summary>When it last delivered a block (timestamp of the scheduler's clock); 0 never.</summary>
    public long LastDeliveryAt { get; set; }

    /// <summary>Stalls it caused.</summary>
    public int Stalls { get; set; }
}
