using System.IO.Pipelines;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// The application's view of a yamux stream's inbound bytes (see <see cref="MuxedStreamReader"/>):
/// counts what the application consumes or examines, so the window granted to the remote grows only
/// as fast as the application reads (YMX-3.2). Examined bytes count too: a reader that waits for a
/// whole message larger than the window (AdvanceTo(start, end)) asks for more data, and must get it.
/// </summary>
internal sealed class YamuxStreamReader : MuxedStreamReader
{
    private readonly YamuxStream _stream;
    private long _consumedTotal;
    private long _releasedTotal;

    public YamuxStreamReader(YamuxStream stream, PipeReader inner)
        : base(inner) => _stream = stream;

    protected override void OnAdvanced(long consumedBytes, long examinedBytes, bool drained)
    {
        var released = Math.Max(_releasedTotal, _consumedTotal + examinedBytes);
        var newlyReleased = released - _releasedTotal;
        _releasedTotal = released;
        _consumedTotal += consumedBytes;
        _stream.OnConsumed(consumedBytes, newlyReleased, drained);
    }

    protected override void OnCompleted() => _stream.OnInputCompleted(_releasedTotal);
}
