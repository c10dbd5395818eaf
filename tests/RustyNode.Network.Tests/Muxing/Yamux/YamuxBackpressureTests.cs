using RustyNode.Network.Muxing.Yamux;
using static RustyNode.Network.Tests.Muxing.MuxTestUtil;

namespace RustyNode.Network.Tests.Muxing.Yamux;

/// <summary>A remote that stops reading, and the bound on open inbound streams.</summary>
public sealed class YamuxBackpressureTests : ScriptedPeerTests<YamuxTestPeer>
{
    /// <summary>The default pause threshold of MemoryDuplexPipe.</summary>
    private const int ConnectionPauseThreshold = 1 << 20;

    private YamuxSession Session => Peer.Session;

    protected override YamuxTestPeer StartPeer() => YamuxTestPeer.Start();

    [Fact]
    [Trait("Clause", "YMX-6.2")]
    public async Task While_the_remote_reads_nothing_the_read_loop_still_answers_and_delivers()
    {
        // Six streams each send a full initial window: 1.5 MiB, more than the connection buffers.
        var writes = new List<Task>();
        for (var i = 0; i < 6; i++)
        {
            var stream = await Session.OpenStreamAsync();
            writes.Add(stream.Output.WriteAsync(new byte[YamuxLimits.InitialWindow]).AsTask());
        }

        await Peer.WaitForUnreadBytesAsync(ConnectionPauseThreshold);
        Assert.Contains(writes, w => !w.IsCompleted);

        // A frame the read loop must answer (a ping) and a window update come first; then a stream
        // whose data the application must still get, and whose reading queues a window update.
        var payload = RandomBytes(200_000, 62);
        await Peer.SendAsync(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 77);
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Ack, 1, 1000);
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.Syn, 2, (uint)payload.Length, payload);
        var inbound = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        Assert.Equal(payload, await ReadExactlyAsync(inbound.Input, payload.Length).WaitAsync(TestTimeout));
        Assert.False(Session.Completion.IsCompleted);
        Assert.Contains(writes, w => !w.IsCompleted);

        // The remote reads again: everything that was queued arrives, and the writers finish.
        long data = 0;
        bool pingAnswered = false, accepted = false, windowReturned = false;
        while (data < 6 * YamuxLimits.InitialWindow || !pingAnswered || !accepted || !windowReturned)
        {
            var frame = await Peer.ReceiveAsync() ?? throw new EndOfStreamException("The session closed the connection.");
            var header = frame.Header;
            data += header.Type == YamuxFrameType.Data ? header.Length : 0;
            pingAnswered |= header == new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Ack, 0, 77);
            accepted |= header.StreamId == 2 && (header.Flags & YamuxFlags.Ack) != 0;
            windowReturned |= header.StreamId == 2 && header.Type == YamuxFrameType.WindowUpdate && header.Length > 0;
        }

        await Task.WhenAll(writes).WaitAsync(TestTimeout);
    }

    [Fact]
    [Trait("Clause", "YMX-6.4")]
    public async Task A_SYN_beyond_1024_open_inbound_streams_is_reset_and_room_comes_back_when_one_closes()
    {
        uint id = 2;
        for (var i = 0; i < YamuxLimits.MaxInboundStreams; i++, id += 2)
        {
            await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, id, 0);
            await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        }

        Assert.Equal(YamuxLimits.MaxInboundStreams, Session.StreamCount);
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, id, 0);
        Assert.Equal(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, id, 0), await Peer.ReceiveUntilAsync(h => h.Flags == YamuxFlags.Rst));
        Assert.Equal(YamuxLimits.MaxInboundStreams, Session.StreamCount);

        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, 2, 0);
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.Syn, id + 2, 1, [9]);
        var next = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        Assert.Equal(id + 2, (uint)next.Id);
        Assert.Equal(new byte[] { 9 }, await ReadExactlyAsync(next.Input, 1).WaitAsync(TestTimeout));
    }
}
