using System.Buffers;
using Microsoft.Extensions.Logging;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// The application's writer for a yamux stream (buffering and framing in
/// <see cref="MuxedStreamWriter"/>). A send waits for send window; CancelPendingFlush interrupts
/// that wait, and the bytes not yet sent stay buffered for the next flush, as a pipe would keep
/// them. Completing half-closes (FIN); completing with an exception resets the stream.
/// </summary>
internal sealed class YamuxStreamWriter : MuxedStreamWriter
{
    private readonly YamuxStream _stream;
    private volatile bool _cancelRequested;

    public YamuxStreamWriter(YamuxStream stream)
        : base("yamux", "yamux stream close") => _stream = stream;

    protected override bool KeepsUnsentBytesOnFailure => true;

    protected override ILogger Logger => _stream.Session.Logger;

    public override void CancelPendingFlush()
    {
        _cancelRequested = true;
        _stream.WakeSender();
    }

    /// <summary>True once and clears the request: a pending flush should return as canceled.</summary>
    internal override bool ConsumeCancelRequest()
    {
        if (!_cancelRequested)
        {
            return false;
        }

        _cancelRequested = false;
        return true;
    }

    protected override ValueTask<long> SendAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken) =>
        _stream.SendAsync(data, cancellationToken);

    protected override void ThrowIfCannotSend() => _stream.ThrowIfCannotSend();

    protected override void CloseStream() => _stream.SendFin();

    protected override void ResetStream() => _stream.Reset();
}
