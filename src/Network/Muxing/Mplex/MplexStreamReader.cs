using System.IO.Pipelines;

namespace RustyNode.Network.Muxing.Mplex;

/// <summary>
/// The application's view of an mplex stream's inbound bytes (see <see cref="MuxedStreamReader"/>);
/// counts what it consumes, which frees room in the stream's bounded buffer (MPX-3.2).
/// </summary>
internal sealed class MplexStreamReader : MuxedStreamReader
{
    private readonly MplexStream _stream;

    public MplexStreamReader(MplexStream stream, PipeReader inner)
        : base(inner) => _stream = stream;

    protected override void OnAdvanced(long consumedBytes, long examinedBytes, bool drained) =>
        _stream.OnConsumed(consumedBytes);

    protected override void OnCompleted() => _stream.OnInputCompleted();
}
