using RustyNode.Network.Muxing.Yamux;
using static RustyNode.Network.Tests.Muxing.MuxTestUtil;

namespace RustyNode.Network.Tests.Muxing.Yamux;

/// <summary>Initial windows and the memory a peer can make us hold, seen by a scripted remote.</summary>
public sealed class YamuxWindowTests : ScriptedPeerTests<YamuxTestPeer>
{
    private uint _nextBarrier = 1000;

    private YamuxSession Session => Peer.Session;

    protected override YamuxTestPeer StartPeer() => YamuxTestPeer.Start();

    [Fact]
    [Trait("Clause", "YMX-3.1")]
    public async Task A_new_stream_sends_and_receives_exactly_256_KiB_before_any_window_update()
    {
        var stream = (YamuxStream)await Session.OpenStreamAsync();
        Assert.Equal(YamuxLimits.InitialWindow, stream.SendWindow);
        Assert.Equal(YamuxLimits.InitialWindow, stream.ReceiveWindowSize);

        // Send direction: the remote has granted nothing beyond the initial window.
        var payload = RandomBytes((int)YamuxLimits.InitialWindow + 1, 31);
        var send = stream.Output.WriteAsync(payload).AsTask();
        var received = new MemoryStream();
        while (received.Length < YamuxLimits.InitialWindow)
        {
            received.Write(await ReceiveDataAsync(stream.StreamId));
        }

        Assert.Equal(YamuxLimits.InitialWindow, received.Length);
        await WaitUntilAsync(() => stream.SendWindow == 0, "the sender has used the initial window");
        Assert.False(send.IsCompleted);
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Ack, stream.StreamId, 1);
        received.Write(await ReceiveDataAsync(stream.StreamId));
        await send.WaitAsync(TestTimeout);
        Assert.Equal(payload, received.ToArray());

        // Receive direction: 256 KiB unread is accepted without any window update from us.
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.None, stream.StreamId, YamuxLimits.InitialWindow, new byte[YamuxLimits.InitialWindow]);
        await PingBarrierAsync(null);
        Assert.Equal(YamuxLimits.InitialWindow, stream.BufferedBytes);
        Assert.False(Session.Completion.IsCompleted);
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.None, stream.StreamId, 1, new byte[1]);
        await Peer.AssertProtocolErrorAsync();
    }

    [Fact]
    [Trait("Clause", "YMX-6.6")]
    public async Task A_peer_holds_at_most_one_initial_window_per_stream_plus_the_growth_budget_in_our_buffers()
    {
        uint[] ids = [2, 4, 6, 8];
        var credit = new Dictionary<uint, long>();
        var streams = new Dictionary<uint, YamuxStream>();
        foreach (var id in ids)
        {
            await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, id, 0);
            streams[id] = (YamuxStream)await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
            credit[id] = YamuxLimits.InitialWindow;
        }

        var zeros = new byte[YamuxLimits.MaxStreamWindow];
        long Growth() => streams.Values.Sum(s => s.ReceiveWindowSize - YamuxLimits.InitialWindow);

        // Phase 1: on three streams the application keeps up, so their windows grow until the session's
        // growth budget is spent (two streams alone can reach 16 MiB each, 31.5 MiB of growth).
        foreach (var id in ids[..3])
        {
            for (var round = 0; round < 40 && streams[id].ReceiveWindowSize < YamuxLimits.MaxStreamWindow
                && Growth() < YamuxLimits.MaxSessionWindowGrowth; round++)
            {
                var length = (int)credit[id];
                credit[id] = 0;
                await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.None, id, (uint)length, zeros.AsMemory(0, length));
                await ConsumeAsync(streams[id], length);
                await PingBarrierAsync(credit);
            }
        }

        Assert.Equal(YamuxLimits.MaxSessionWindowGrowth, Growth());

        // Phase 2: the application stops reading and the peer sends every byte it was granted.
        foreach (var id in ids)
        {
            var length = (int)credit[id];
            credit[id] = 0;
            await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.None, id, (uint)length, zeros.AsMemory(0, length));
        }

        await PingBarrierAsync(credit);
        Assert.False(Session.Completion.IsCompleted);
        Assert.All(streams.Values, s => Assert.InRange(s.BufferedBytes, 0, s.ReceiveWindowSize));
        var held = streams.Values.Sum(s => s.BufferedBytes);
        Assert.InRange(held, 1, (ids.Length * YamuxLimits.InitialWindow) + YamuxLimits.MaxSessionWindowGrowth);
        Assert.All(credit.Values, c => Assert.Equal(0, c));

        // Nothing more may be sent on any stream.
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.None, ids[0], 1, new byte[1]);
        await Peer.AssertProtocolErrorAsync();
    }

    private static async Task ConsumeAsync(YamuxStream stream, long count)
    {
        while (count > 0)
        {
            var result = await stream.Input.ReadAsync().AsTask().WaitAsync(TestTimeout);
            Assert.InRange(result.Buffer.Length, 1, count);
            count -= result.Buffer.Length;
            stream.Input.AdvanceTo(result.Buffer.End);
        }
    }

    /// <summary>Reads the next data frame for <paramref name="streamId"/>, skipping control frames.</summary>
    private async Task<byte[]> ReceiveDataAsync(uint streamId)
    {
        while (true)
        {
            var frame = await Peer.ReceiveAsync() ?? throw new EndOfStreamException("The session closed the connection.");
            if (frame.Header.Type == YamuxFrameType.Data && frame.Header.StreamId == streamId)
            {
                return frame.Payload;
            }
        }
    }

    /// <summary>
    /// Pings and reads until the answer: the session has processed everything sent before, and every
    /// window update it queued before is seen (and added to <paramref name="credit"/>).
    /// </summary>
    private async Task PingBarrierAsync(Dictionary<uint, long>? credit)
    {
        var barrier = _nextBarrier++;
        await Peer.SendAsync(YamuxFrameType.Ping, YamuxFlags.Syn, 0, barrier);
        while (true)
        {
            var frame = await Peer.ReceiveAsync() ?? throw new EndOfStreamException("The session closed the connection.");
            var header = frame.Header;
            if (header.Type == YamuxFrameType.Ping && header.Flags == YamuxFlags.Ack && header.Length == barrier)
            {
                return;
            }

            if (credit is not null && header.Type == YamuxFrameType.WindowUpdate && credit.ContainsKey(header.StreamId))
            {
                credit[header.StreamId] += header.Length;
            }
        }
    }
}
