namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// Remembers which of the remote's recent stream ids have been used, so a SYN that reuses an id is
/// caught even when SYNs arrive out of order (go-yamux, for one, queues its SYN outside the lock
/// that allots the id). Tracks a sliding window of the last <see cref="YamuxLimits.StreamIdWindow"/>
/// ids of the remote's parity below the highest seen (YMX-2.2); older ids are refused.
/// </summary>
internal sealed class InboundStreamIdWindow
{
    private const int Bits = YamuxLimits.StreamIdWindow;
    private readonly ulong[] _seen = new ulong[Bits / 64];
    private long _highest = -1;

    /// <summary>Marks <paramref name="id"/> as used.</summary>
    /// <returns>Null when the id is new; otherwise why it is refused.</returns>
    public string? TryUse(uint id)
    {
        long index = id >> 1;
        if (index > _highest)
        {
            var gap = index - _highest;
            if (gap >= Bits)
            {
                Array.Clear(_seen);
            }
            else
            {
                for (var i = _highest + 1; i <= index; i++)
                {
                    Clear(i);
                }
            }

            _highest = index;
            Set(index);
            return null;
        }

        if (_highest - index >= Bits)
        {
            return $"SYN for stream {id}, more than {Bits} ids below the highest the remote opened ({(_highest << 1) | (id & 1)}).";
        }

        if (IsSet(index))
        {
            return $"SYN reuses stream id {id}.";
        }

        Set(index);
        return null;
    }

    private void Set(long index) => _seen[(index % Bits) >> 6] |= 1UL << (int)(index & 63);

    private void Clear(long index) => _seen[(index % Bits) >> 6] &= ~(1UL << (int)(index & 63));

    private bool IsSet(long index) => (_seen[(index % Bits) >> 6] & (1UL << (int)(index & 63))) != 0;
}
