namespace RustyNode.Network.RequestResponse;

/// <summary>The per-peer concurrency bounds of one request/response behaviour (RR-3.2, RR-3.3).</summary>
internal sealed class PeerRequestSlots
{
    private readonly int _maxInbound;
    private int _inbound;

    public PeerRequestSlots(int maxInbound, int maxOutbound)
    {
        _maxInbound = maxInbound;
        Outbound = new SemaphoreSlim(maxOutbound, maxOutbound);
    }

    /// <summary>
    /// Outbound slots; callers wait on it. Never disposed: it exposes no wait handle, and a caller
    /// may still release into it after the peer's entry was dropped on disconnect.
    /// </summary>
    public SemaphoreSlim Outbound { get; }

    /// <summary>Takes an inbound slot; false when the peer already has the maximum in progress.</summary>
    public bool TryEnterInbound()
    {
        if (Interlocked.Increment(ref _inbound) <= _maxInbound)
        {
            return true;
        }

        Interlocked.Decrement(ref _inbound);
        return false;
    }

    /// <summary>Gives back an inbound slot.</summary>
    public void ExitInbound() => Interlocked.Decrement(ref _inbound);
}
