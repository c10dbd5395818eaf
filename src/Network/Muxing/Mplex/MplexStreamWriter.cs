using System.Buffers;
using Microsoft.Extensions.Logging;

namespace RustyNode.Network.Muxing.Mplex;

/// <summary>
/// The application's writer for an mplex stream (buffering and framing in
/// <see cref="MuxedStreamWriter"/>). Mplex has no flow control: a send never waits for window, so
/// it always sends everything or throws, and a failed flush drops what was buffered.
/// Completing sends a close; completing with an exception resets the stream.
/// </summary>
internal sealed class MplexStreamWriter : MuxedStreamWriter
{
    private readonly MplexStream _stream;

    public MplexStreamWriter(MplexStream stream)
        : base("mplex", "mplex stream close") => _stream = stream;

    protected override bool KeepsUnsentBytesOnFailure => false;

    protected override ILogger Logger => _stream.Session.Logger;

    /// <summary>Mplex never waits for window, so there is no wait to cancel; the connection flush is not interrupted.</summary>
    public override void CancelPendingFlush()
    {
    }

    protected override ValueTask<long> SendAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken) =>
        _stream.SendAsync(data, cancellationToken);

    protected override void ThrowIfCannotSend() => _stream.ThrowIfCannotSend();

    internal override bool ConsumeCancelRequest() => false;

    protected override void CloseStream() => _stream.SendClose();

    protected override void ResetStream() => _stream.Reset();
}
