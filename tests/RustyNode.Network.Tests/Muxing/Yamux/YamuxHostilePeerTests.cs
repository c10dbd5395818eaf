using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Yamux;
using static RustyNode.Network.Tests.Muxing.MuxTestUtil;

namespace RustyNode.Network.Tests.Muxing.Yamux;

/// <summary>A scripted remote writes raw frames at our session (which dials, so the remote opens even ids).</summary>
public sealed class YamuxHostilePeerTests : ScriptedPeerTests<YamuxTestPeer>
{
    private YamuxSession Session => Peer.Session;

    protected override YamuxTestPeer StartPeer() => YamuxTestPeer.Start();

    [Fact]
    [Trait("Clause", "YMX-1.1")]
    public async Task Unknown_version_ends_the_session_with_a_protocol_error()
    {
        await Peer.SendRawAsync(Convert.FromHexString("010100010000000200000000"));
        await Peer.AssertProtocolErrorAsync();
    }

    [Fact]
    [Trait("Clause", "YMX-1.2")]
    public async Task Unknown_frame_type_ends_the_session_with_a_protocol_error()
    {
        await Peer.SendRawAsync(Convert.FromHexString("000700000000000000000000"));
        await Peer.AssertProtocolErrorAsync();
    }

    [Fact]
    [Trait("Clause", "YMX-3.5")]
    public async Task Data_beyond_the_granted_window_is_rejected_before_its_payload_arrives()
    {
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 2, 0);
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.None, 2, YamuxLimits.InitialWindow + 1);
        await Peer.AssertProtocolErrorAsync();
    }

    [Fact]
    [Trait("Clause", "YMX-3.5")]
    public async Task Data_that_fills_the_window_exactly_is_accepted_and_one_byte_more_is_not()
    {
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.Syn, 2, YamuxLimits.InitialWindow, new byte[YamuxLimits.InitialWindow]);
        var stream = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        await ReadExactlyAsync(stream.Input, 1000).WaitAsync(TestTimeout);

        // 1000 bytes were consumed, below the update threshold: the window is still zero.
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.None, 2, 1, new byte[1]);
        await Peer.AssertProtocolErrorAsync();
    }

    [Fact]
    [Trait("Clause", "YMX-3.2")]
    public async Task Consuming_half_the_window_sends_a_window_update_for_it()
    {
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.Syn, 2, YamuxLimits.InitialWindow, new byte[YamuxLimits.InitialWindow]);
        var stream = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        var ack = await Peer.ReceiveUntilAsync(h => h.StreamId == 2);
        Assert.Equal(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Ack, 2, 0), ack);

        await ReadExactlyAsync(stream.Input, (int)YamuxLimits.WindowUpdateThreshold).WaitAsync(TestTimeout);
        var update = await Peer.ReceiveUntilAsync(h => h.StreamId == 2);
        Assert.Equal(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.None, 2, YamuxLimits.WindowUpdateThreshold), update);
    }

    [Fact]
    [Trait("Clause", "YMX-2.2")]
    public async Task A_SYN_reusing_a_live_stream_id_is_a_protocol_error()
    {
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 2, 0);
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 2, 0);
        await Peer.AssertProtocolErrorAsync();
    }

    [Fact]
    [Trait("Clause", "YMX-2.2")]
    public async Task A_SYN_reusing_a_closed_stream_id_is_a_protocol_error()
    {
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 4, 0);
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, 4, 0);
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 4, 0);
        await Peer.AssertProtocolErrorAsync();
    }

    [Fact]
    [Trait("Clause", "YMX-2.1")]
    public async Task A_SYN_with_the_dialers_parity_from_the_listener_is_a_protocol_error()
    {
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 1, 0);
        await Peer.AssertProtocolErrorAsync();
    }

    [Fact]
    [Trait("Clause", "YMX-2.7")]
    public async Task Data_on_stream_zero_is_a_protocol_error()
    {
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.None, 0, 1, new byte[1]);
        await Peer.AssertProtocolErrorAsync();
    }

    [Fact]
    [Trait("Clause", "YMX-2.6")]
    public async Task Frames_for_unknown_streams_are_ignored()
    {
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.None, 40, 3, new byte[3]);
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.None, 41, 100);
        await Peer.SendAsync(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 7);
        Assert.Equal(7u, (await Peer.ReceiveUntilAsync(h => h.Type == YamuxFrameType.Ping)).Length);
        Assert.False(Session.Completion.IsCompleted);
    }

    [Fact]
    [Trait("Clause", "YMX-3.4")]
    public async Task A_window_update_beyond_two_to_the_32_is_a_protocol_error()
    {
        var stream = await Session.OpenStreamAsync();
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Ack, (uint)stream.Id, uint.MaxValue - YamuxLimits.InitialWindow);
        await Peer.SendAsync(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 1);
        await Peer.ReceiveUntilAsync(h => h.Type == YamuxFrameType.Ping);
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.None, (uint)stream.Id, 1);
        await Peer.AssertProtocolErrorAsync();
    }

    [Fact]
    [Trait("Clause", "YMX-6.5")]
    public async Task A_peer_that_opens_streams_without_end_is_disconnected_with_bounded_state()
    {
        // The sender may run ahead of the session on a loaded machine; what matters is that the
        // session ends with a protocol error and never holds more than its backlog.
        for (uint id = 2; id < 2 * 20_000 && !Session.Completion.IsCompleted; id += 2)
        {
            await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, id, 0);
            Assert.True(Session.StreamCount <= YamuxLimits.MaxAcceptBacklog);
        }

        await Assert.ThrowsAsync<YamuxProtocolException>(() => Session.Completion.WaitAsync(TestTimeout));
        Assert.Equal(0, Session.StreamCount);
        var refusals = 0;
        uint? goAway = null;
        while (await Peer.ReceiveAsync() is { } frame)
        {
            refusals += frame.Header.Flags == YamuxFlags.Rst ? 1 : 0;
            goAway = frame.Header.Type == YamuxFrameType.GoAway ? frame.Header.Length : goAway;
        }

        Assert.Equal(YamuxLimits.MaxConsecutiveRefusedStreams, refusals);
        Assert.Equal((uint)YamuxGoAwayCode.ProtocolError, goAway);
    }

    [Fact]
    [Trait("Clause", "YMX-6.3")]
    [Trait("Clause", "YMX-6.4")]
    public async Task Streams_beyond_the_backlog_are_reset_while_accepted_ones_keep_working()
    {
        for (uint id = 2; id <= 2 * (YamuxLimits.MaxAcceptBacklog + 1); id += 2)
        {
            await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, id, 0);
        }

        var refused = await Peer.ReceiveUntilAsync(h => h.Flags == YamuxFlags.Rst);
        Assert.Equal(2u * (YamuxLimits.MaxAcceptBacklog + 1), refused.StreamId);
        var first = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.Fin, 2, 2, [7, 8]);
        Assert.Equal(new byte[] { 7, 8 }, await ReadToEndAsync(first.Input).WaitAsync(TestTimeout));
        Assert.False(Session.Completion.IsCompleted);
    }

    [Fact]
    [Trait("Clause", "YMX-4.1")]
    public async Task A_ping_is_answered_with_the_same_opaque_value()
    {
        await Peer.SendAsync(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 0xDEADBEEF);
        var answer = await Peer.ReceiveUntilAsync(h => h.Type == YamuxFrameType.Ping);
        Assert.Equal(new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Ack, 0, 0xDEADBEEF), answer);
    }

    [Fact]
    [Trait("Clause", "YMX-4.2")]
    public async Task PingAsync_completes_when_the_matching_answer_arrives()
    {
        var ping = Session.PingAsync().AsTask();
        var request = await Peer.ReceiveUntilAsync(h => h.Type == YamuxFrameType.Ping);
        Assert.Equal(YamuxFlags.Syn, request.Flags);
        await Peer.SendAsync(YamuxFrameType.Ping, YamuxFlags.Ack, 0, request.Length + 1);
        Assert.False(ping.IsCompleted);
        await Peer.SendAsync(YamuxFrameType.Ping, YamuxFlags.Ack, 0, request.Length);
        await ping.WaitAsync(TestTimeout);
    }

    [Fact]
    [Trait("Clause", "YMX-4.3")]
    public async Task A_ping_on_a_stream_is_a_protocol_error()
    {
        await Peer.SendAsync(YamuxFrameType.Ping, YamuxFlags.Syn, 2, 1);
        await Peer.AssertProtocolErrorAsync();
    }

    [Fact]
    [Trait("Clause", "YMX-5.3")]
    public async Task After_go_away_new_streams_fail_but_existing_streams_finish()
    {
        var stream = await Session.OpenStreamAsync();
        await Peer.SendAsync(YamuxFrameType.GoAway, YamuxFlags.None, 0, (uint)YamuxGoAwayCode.Normal);
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.Ack | YamuxFlags.Fin, (uint)stream.Id, 3, [1, 2, 3]);

        Assert.Equal(new byte[] { 1, 2, 3 }, await ReadToEndAsync(stream.Input).WaitAsync(TestTimeout));
        await Assert.ThrowsAsync<MuxerClosedException>(async () => await Session.OpenStreamAsync());
        await WriteAllAndCompleteAsync(stream.Output, new byte[] { 9 }, 1);
        var data = await Peer.ReceiveAsync();
        while (data is { } frame && frame.Header.Type != YamuxFrameType.Data)
        {
            data = await Peer.ReceiveAsync();
        }

        Assert.Equal(new byte[] { 9 }, data?.Payload);
    }

    [Fact]
    [Trait("Clause", "YMX-5.2")]
    public async Task Close_sends_a_normal_go_away_then_ends_the_connection()
    {
        await Session.CloseAsync().AsTask().WaitAsync(TestTimeout);
        Assert.Equal((uint)YamuxGoAwayCode.Normal, await Peer.ReceiveUntilClosedAsync());
        await Session.Completion.WaitAsync(TestTimeout);
    }

    [Fact]
    [Trait("Clause", "YMX-2.3")]
    public async Task Opening_a_stream_sends_SYN_and_accepting_one_sends_ACK()
    {
        var outbound = await Session.OpenStreamAsync();
        Assert.Equal(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 1, 0), await Peer.ReceiveUntilAsync(_ => true));
        Assert.Equal(1, outbound.Id);

        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 2, 0);
        await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        Assert.Equal(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Ack, 2, 0), await Peer.ReceiveUntilAsync(_ => true));
    }

    [Fact]
    [Trait("Clause", "YMX-6.1")]
    public async Task Disposing_a_cleanly_finished_stream_sends_FIN_and_no_RST()
    {
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.Syn | YamuxFlags.Fin, 2, 1, [5]);
        var stream = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        Assert.Equal(new byte[] { 5 }, await ReadToEndAsync(stream.Input).WaitAsync(TestTimeout));
        await stream.DisposeAsync();
        await stream.DisposeAsync();

        await Peer.ReceiveUntilAsync(h => h.Flags == YamuxFlags.Ack);
        Assert.Equal(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Fin, 2, 0), await Peer.ReceiveUntilAsync(_ => true));
        await Session.CloseAsync();
        Assert.Equal((uint)YamuxGoAwayCode.Normal, await Peer.ReceiveUntilClosedAsync());
    }

    [Fact]
    [Trait("Clause", "YMX-2.5")]
    public async Task Disposing_a_stream_with_unflushed_bytes_resets_it_without_waiting()
    {
        var stream = await Session.OpenStreamAsync();
        stream.Output.GetSpan(10)[0] = 1;
        stream.Output.Advance(10);
        await stream.DisposeAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal(YamuxFlags.Syn, (await Peer.ReceiveUntilAsync(_ => true)).Flags);
        Assert.Equal(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, 1, 0), await Peer.ReceiveUntilAsync(_ => true));
        Assert.Equal(0, Session.StreamCount);
    }

    [Fact]
    public async Task Random_frames_from_a_peer_end_in_a_protocol_error_or_nothing_worse()
    {
        var random = new Random(77);
        for (var run = 0; run < 30; run++)
        {
            await using var peer = YamuxTestPeer.Start(sessionIsInitiator: run % 2 == 0);
            var bytes = new byte[random.Next(1, 4000)];
            random.NextBytes(bytes);
            for (var i = 0; i + YamuxHeader.Size <= bytes.Length; i += random.Next(YamuxHeader.Size, 64))
            {
                bytes[i] = random.Next(8) == 0 ? bytes[i] : (byte)0;
                bytes[i + 1] = (byte)random.Next(5);
            }

            await peer.SendRawAsync(bytes);
            await peer.SendAsync(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 1);
            await peer.HangUpAsync();
            await peer.ReceiveUntilClosedAsync();
            var completion = await Record.ExceptionAsync(() => peer.Session.Completion.WaitAsync(TestTimeout));
            Assert.True(completion is null or YamuxProtocolException, completion?.ToString());
        }
    }
}
