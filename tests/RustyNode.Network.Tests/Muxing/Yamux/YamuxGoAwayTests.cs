using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Yamux;
using static RustyNode.Network.Tests.Muxing.MuxTestUtil;

namespace RustyNode.Network.Tests.Muxing.Yamux;

/// <summary>Go-away frames and how the session ends, seen by a scripted remote.</summary>
public sealed class YamuxGoAwayTests : ScriptedPeerTests<YamuxTestPeer>
{
    private YamuxSession Session => Peer.Session;

    protected override YamuxTestPeer StartPeer() => YamuxTestPeer.Start();

    [Fact]
    [Trait("Clause", "YMX-5.1")]
    public void Go_away_codes_are_normal_protocol_error_and_internal_error()
    {
        Assert.Equal(0u, (uint)YamuxGoAwayCode.Normal);
        Assert.Equal(1u, (uint)YamuxGoAwayCode.ProtocolError);
        Assert.Equal(2u, (uint)YamuxGoAwayCode.InternalError);
    }

    [Theory]
    [Trait("Clause", "YMX-5.1")]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(2u)]
    public async Task A_go_away_on_stream_zero_is_accepted_with_any_reason(uint code)
    {
        await Peer.SendAsync(YamuxFrameType.GoAway, YamuxFlags.None, 0, code);
        await Peer.SendAsync(YamuxFrameType.Ping, YamuxFlags.Syn, 0, 5);
        Assert.Equal(new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Ack, 0, 5), await Peer.ReceiveUntilAsync(h => h.Type == YamuxFrameType.Ping));

        Assert.False(Session.Completion.IsCompleted);
        await Assert.ThrowsAsync<MuxerClosedException>(async () => await Session.OpenStreamAsync());
    }

    [Fact]
    [Trait("Clause", "YMX-5.1")]
    public async Task A_go_away_on_another_stream_is_a_protocol_error()
    {
        await Peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 2, 0);
        await Peer.SendAsync(YamuxFrameType.GoAway, YamuxFlags.None, 2, (uint)YamuxGoAwayCode.Normal);
        await Peer.AssertProtocolErrorAsync();
    }

    [Fact]
    [Trait("Clause", "YMX-5.1")]
    public async Task Our_normal_go_away_is_sent_on_stream_zero_with_the_reason_in_the_length()
    {
        await Session.CloseAsync().AsTask().WaitAsync(TestTimeout);
        var goAway = await Peer.ReceiveUntilAsync(h => h.Type == YamuxFrameType.GoAway);
        Assert.Equal(new YamuxHeader(YamuxFrameType.GoAway, YamuxFlags.None, 0, (uint)YamuxGoAwayCode.Normal), goAway);
    }

    [Fact]
    [Trait("Clause", "YMX-5.1")]
    public async Task Our_protocol_error_go_away_is_sent_on_stream_zero_with_the_reason_in_the_length()
    {
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.None, 0, 0);
        var goAway = await Peer.ReceiveUntilAsync(h => h.Type == YamuxFrameType.GoAway);
        Assert.Equal(new YamuxHeader(YamuxFrameType.GoAway, YamuxFlags.None, 0, (uint)YamuxGoAwayCode.ProtocolError), goAway);
        await Assert.ThrowsAsync<YamuxProtocolException>(() => Session.Completion.WaitAsync(TestTimeout));
    }

    [Fact]
    [Trait("Clause", "YMX-5.4")]
    public async Task A_protocol_error_sends_go_away_closes_the_connection_resets_every_stream_and_says_why()
    {
        var outbound = await Session.OpenStreamAsync();
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.Syn, 2, 2, [1, 2]);
        var inbound = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        Assert.Equal(new byte[] { 1, 2 }, await ReadExactlyAsync(inbound.Input, 2).WaitAsync(TestTimeout));
        var pendingRead = outbound.Input.ReadAsync().AsTask();

        await Peer.SendAsync(YamuxFrameType.Ping, YamuxFlags.Syn, 6, 1);

        var error = await Assert.ThrowsAsync<YamuxProtocolException>(() => Session.Completion.WaitAsync(TestTimeout));
        Assert.Contains("stream 6", error.Message, StringComparison.Ordinal);
        Assert.Equal((uint)YamuxGoAwayCode.ProtocolError, await Peer.ReceiveUntilClosedAsync());
        Assert.False(await Peer.SessionStillReadsAsync());

        await Assert.ThrowsAsync<StreamResetException>(() => pendingRead.WaitAsync(TestTimeout));
        await Assert.ThrowsAsync<StreamResetException>(async () => await inbound.Input.ReadAsync().AsTask().WaitAsync(TestTimeout));
        await Assert.ThrowsAsync<StreamResetException>(async () => await inbound.Output.WriteAsync(new byte[] { 3 }));
        await Assert.ThrowsAsync<StreamResetException>(async () => await outbound.Output.WriteAsync(new byte[] { 4 }));
        Assert.Equal(0, Session.StreamCount);
    }

    [Fact]
    [Trait("Clause", "YMX-5.4")]
    public async Task When_the_remote_hangs_up_completion_succeeds_and_unfinished_streams_are_reset()
    {
        var outbound = await Session.OpenStreamAsync();
        await Peer.SendAsync(YamuxFrameType.Data, YamuxFlags.Syn, 2, 2, [1, 2]);
        var inbound = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        Assert.Equal(new byte[] { 1, 2 }, await ReadExactlyAsync(inbound.Input, 2).WaitAsync(TestTimeout));
        var pendingRead = outbound.Input.ReadAsync().AsTask();

        await Peer.HangUpAsync();

        await Session.Completion.WaitAsync(TestTimeout);
        await Assert.ThrowsAsync<StreamResetException>(() => pendingRead.WaitAsync(TestTimeout));
        await Assert.ThrowsAsync<StreamResetException>(async () => await inbound.Input.ReadAsync().AsTask().WaitAsync(TestTimeout));
        await Assert.ThrowsAsync<StreamResetException>(async () => await outbound.Output.WriteAsync(new byte[] { 4 }));
        Assert.Equal(0, Session.StreamCount);
    }
}
