using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using RustyNode.Network.Muxing.Yamux;
using RustyNode.Network.Transport.Memory;

namespace RustyNode.Network.Tests.Muxing.Yamux;

/// <summary>
/// A scripted remote peer: our session on one end of an in-memory connection, raw frames written
/// and read by the test on the other.
/// </summary>
internal sealed class YamuxTestPeer : IAsyncDisposable
{
    private readonly MemoryDuplexPipe _remote;

    private YamuxTestPeer(YamuxSession session, MemoryDuplexPipe remote)
    {
        Session = session;
        _remote = remote;
    }

    public YamuxSession Session { get; }

    /// <summary>Starts our session as the dialer (odd ids), so the fake peer opens even ids.</summary>
    public static YamuxTestPeer Start(bool sessionIsInitiator = true)
    {
        var (local, remote) = MemoryDuplexPipe.CreatePair();
        return new YamuxTestPeer(new YamuxMuxer().Start(local, sessionIsInitiator), remote);
    }

    public Task SendAsync(YamuxFrameType type, YamuxFlags flags, uint streamId, uint length, byte[]? payload = null)
        => SendAsync(type, flags, streamId, length, payload is null ? ReadOnlyMemory<byte>.Empty : payload.AsMemory());

    public async Task SendAsync(YamuxFrameType type, YamuxFlags flags, uint streamId, uint length, ReadOnlyMemory<byte> payload)
    {
        new YamuxHeader(type, flags, streamId, length).Write(_remote.Output);
        _remote.Output.Write(payload.Span);
        await _remote.Output.FlushAsync();
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> bytes from our session are waiting unread, without
    /// consuming them, so the connection stays backed up (as a peer that stopped reading).
    /// </summary>
    public async Task WaitForUnreadBytesAsync(long count)
    {
        while (true)
        {
            var result = await _remote.Input.ReadAsync().AsTask().WaitAsync(MuxTestUtil.TestTimeout);
            var length = result.Buffer.Length;
            if (length >= count)
            {
                // Examine nothing, so the next read returns these bytes at once.
                _remote.Input.AdvanceTo(result.Buffer.Start);
                return;
            }

            _remote.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);

            if (result.IsCompleted)
            {
                throw new EndOfStreamException($"The session closed the connection after {length} bytes.");
            }
        }
    }

    /// <summary>Sends a ping; false if our session no longer reads the connection (it completed its input).</summary>
    public async Task<bool> SessionStillReadsAsync()
    {
        new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 0).Write(_remote.Output);
        var flush = await _remote.Output.FlushAsync();
        return !flush.IsCompleted;
    }

    public async Task SendRawAsync(byte[] bytes) => await _remote.Output.WriteAsync(bytes);

    /// <summary>Reads the next frame our session wrote; null once the session closed the connection.</summary>
    public async Task<(YamuxHeader Header, byte[] Payload)?> ReceiveAsync()
    {
        var input = _remote.Input;
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(MuxTestUtil.TestTimeout);
            var buffer = result.Buffer;
            if (buffer.Length >= YamuxHeader.Size)
            {
                var headerBytes = buffer.Slice(0, YamuxHeader.Size).ToArray();
                var type = (YamuxFrameType)headerBytes[1];
                var length = BinaryPrimitives.ReadUInt32BigEndian(headerBytes.AsSpan(8));
                var payloadLength = type == YamuxFrameType.Data ? length : 0;
                if (buffer.Length >= YamuxHeader.Size + payloadLength)
                {
                    Assert.True(YamuxHeader.TryRead(headerBytes, out var header));
                    var payload = buffer.Slice(YamuxHeader.Size, payloadLength).ToArray();
                    input.AdvanceTo(buffer.GetPosition(YamuxHeader.Size + payloadLength));
                    return (header, payload);
                }
            }

            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads frames until one matches, returning it; fails if the connection ends first.</summary>
    public async Task<YamuxHeader> ReceiveUntilAsync(Func<YamuxHeader, bool> match)
    {
        while (true)
        {
            var frame = await ReceiveAsync() ?? throw new EndOfStreamException("The session closed the connection.");
            if (match(frame.Header))
            {
                return frame.Header;
            }
        }
    }

    /// <summary>Reads frames until the session closes the connection; returns the go-away code, if any.</summary>
    public async Task<uint?> ReceiveUntilClosedAsync()
    {
        uint? goAway = null;
        while (await ReceiveAsync() is { } frame)
        {
            if (frame.Header.Type == YamuxFrameType.GoAway)
            {
                goAway = frame.Header.Length;
            }
        }

        return goAway;
    }

    /// <summary>Asserts the session ended with a protocol error and told the peer so with go-away(1).</summary>
    public async Task AssertProtocolErrorAsync()
    {
        await Assert.ThrowsAsync<YamuxProtocolException>(() => Session.Completion.WaitAsync(MuxTestUtil.TestTimeout));
        Assert.Equal((uint)YamuxGoAwayCode.ProtocolError, await ReceiveUntilClosedAsync());
    }

    /// <summary>Closes the fake peer's sending direction, as a remote that hangs up.</summary>
    public async Task HangUpAsync() => await _remote.Output.CompleteAsync();

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await _remote.Output.CompleteAsync();
        await _remote.Input.CompleteAsync();
    }
}
