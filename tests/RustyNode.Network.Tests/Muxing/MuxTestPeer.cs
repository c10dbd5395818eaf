using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Network.Muxing;
using RustyNode.Network.Transport.Memory;

namespace RustyNode.Network.Tests.Muxing;

/// <summary>
/// A scripted remote peer, shared by the muxer tests: our session on one end of an in-memory
/// connection, raw frames written and read by the test on the other. Each muxer's peer says how
/// its frames are parsed and adds its own ways to send them.
/// </summary>
/// <typeparam name="TSession">Our session type.</typeparam>
/// <typeparam name="THeader">The muxer's frame header.</typeparam>
public abstract class MuxTestPeer<TSession, THeader> : IAsyncDisposable
    where TSession : IMuxedConnection
    where THeader : struct
{
    private readonly MemoryDuplexPipe _remote;

    protected MuxTestPeer(TSession session, MemoryDuplexPipe remote)
    {
        Session = session;
        _remote = remote;
    }

    public TSession Session { get; }

    /// <summary>The fake peer's sending direction (towards our session).</summary>
    protected PipeWriter RemoteOutput => _remote.Output;

    /// <summary>The fake peer's receiving direction (what our session wrote).</summary>
    protected PipeReader RemoteInput => _remote.Input;

    public async Task SendRawAsync(byte[] bytes) => await _remote.Output.WriteAsync(bytes);

    /// <summary>Closes the fake peer's sending direction, as a remote that hangs up.</summary>
    public async Task HangUpAsync() => await _remote.Output.CompleteAsync();

    /// <summary>Reads the next frame our session wrote; null once the session closed the connection.</summary>
    public async Task<(THeader Header, byte[] Payload)?> ReceiveAsync()
    {
        var input = _remote.Input;
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(MuxTestUtil.TestTimeout);
            var buffer = result.Buffer;
            if (TryReadFrame(buffer, out var header, out var payload, out var end))
            {
                input.AdvanceTo(end);
                return (header, payload);
            }

            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await _remote.Output.CompleteAsync();
        await _remote.Input.CompleteAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Parses one whole frame at the start of <paramref name="buffer"/>; false if it is not all
    /// there yet. <paramref name="end"/> is where the frame ends.
    /// </summary>
    protected abstract bool TryReadFrame(ReadOnlySequence<byte> buffer, out THeader header, out byte[] payload, out SequencePosition end);
}
