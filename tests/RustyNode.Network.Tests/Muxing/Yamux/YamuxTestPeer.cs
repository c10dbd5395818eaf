using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Yamux;
using RustyNode.Network.Transport.Memory;

namespace RustyNode.Network.Tests.Muxing.Yamux;

/// <summary>
/// A scripted remote peer: our session on one end of an in-memory connection, raw frames written
/// and read by the test on the other.
/// </summary>
public sealed class YamuxTestPeer : MuxTestPeer<YamuxSession, YamuxHeader>
{
    private YamuxTestPeer(YamuxSession session, MemoryDuplexPipe remote)
        : base(session, remote)
    {
    }

    /// <summary>Starts our session as the dialer (odd ids), so the fake peer opens even ids.</summary>
    public static YamuxTestPeer Start(bool sessionIsInitiator = true) => Start(sessionIsInitiator, MuxerResources.None);

    /// <summary>As <see cref="Start(bool)"/>, with our session charging <paramref name="resources"/>.</summary>
    public static YamuxTestPeer Start(bool sessionIsInitiator, MuxerResources resources)
    {
        var (local, remote) = MemoryDuplexPipe.CreatePair();
        return new YamuxTestPeer(new YamuxMuxer().Start(local, sessionIsInitiator, resources), remote);
    }

    public Task SendAsync(YamuxFrameType type, YamuxFlags flags, uint streamId, uint length, byte[]? payload = null)
        => SendAsync(type, flags, streamId, length, payload is null ? ReadOnlyMemory<byte>.Empty : payload.AsMemory());

    public async Task SendAsync(YamuxFrameType type, YamuxFlags flags, uint streamId, uint length, ReadOnlyMemory<byte> payload)
    {
        new YamuxHeader(type, flags, streamId, length).Write(RemoteOutput);
        RemoteOutput.Write(payload.Span);
        await RemoteOutput.FlushAsync();
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> bytes from our session are waiting unread, without
    /// consuming them, so the connection stays backed up (as a peer that stopped reading).
    /// </summary>
    public async Task WaitForUnreadBytesAsync(long count)
    {
        while (true)
        {
            var result = await RemoteInput.ReadAsync().AsTask().WaitAsync(MuxTestUtil.TestTimeout);
            var length = result.Buffer.Length;
            if (length >= count)
            {
                // Examine nothing, so the next read returns these bytes at once.
                RemoteInput.AdvanceTo(result.Buffer.Start);
                return;
            }

            RemoteInput.AdvanceTo(result.Buffer.Start, result.Buffer.End);

            if (result.IsCompleted)
            {
                throw new EndOfStreamException($"The session closed the connection after {length} bytes.");
            }
        }
    }

    /// <summary>Sends a ping; false if our session no longer reads the connection (it completed its input).</summary>
    public async Task<bool> SessionStillReadsAsync()
    {
        new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 0).Write(RemoteOutput);
        var flush = await RemoteOutput.FlushAsync();
        return !flush.IsCompleted;
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

    protected override bool TryReadFrame(ReadOnlySequence<byte> buffer, out YamuxHeader header, out byte[] payload, out SequencePosition end)
    {
        header = default;
        payload = [];
        end = default;
        if (buffer.Length < YamuxHeader.Size)
        {
            return false;
        }

        var headerBytes = buffer.Slice(0, YamuxHeader.Size).ToArray();
        var type = (YamuxFrameType)headerBytes[1];
        var length = BinaryPrimitives.ReadUInt32BigEndian(headerBytes.AsSpan(8));
        var payloadLength = type == YamuxFrameType.Data ? length : 0;
        if (buffer.Length < YamuxHeader.Size + payloadLength)
        {
            return false;
        }

        Assert.True(YamuxHeader.TryRead(headerBytes, out header));
        payload = buffer.Slice(YamuxHeader.Size, payloadLength).ToArray();
        end = buffer.GetPosition(YamuxHeader.Size + payloadLength);
        return true;
    }
}
