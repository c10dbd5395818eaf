using System.Text;
using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Mplex;
using RustyNode.Network.Tests.Testing;
using static RustyNode.Network.Tests.Muxing.MuxTestUtil;

namespace RustyNode.Network.Tests.Muxing.Mplex;

public sealed class MplexHostilePeerTests : ScriptedPeerTests<MplexTestPeer>
{
    /// <summary>The stalled-reader timeout of the tests that reach it; it passes only on their fake clock.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromHours(1);

    private MplexSession Session => Peer.Session;

    protected override MplexTestPeer StartPeer() => MplexTestPeer.Start();

    [Fact]
    [Trait("Clause", "MPX-1.3")]
    public async Task Our_frames_use_initiator_flags_on_our_streams_and_receiver_flags_on_theirs()
    {
        var outbound = await Session.OpenStreamAsync();
        await WriteAllAndCompleteAsync(outbound.Output, "hi"u8.ToArray(), 10);
        var open = await Peer.ReceiveAsync();
        Assert.Equal(new MplexFrameHeader(0, MplexFlag.NewStream, 1), open?.Header);
        Assert.Equal("0", Encoding.ASCII.GetString(open!.Value.Payload));
        var data = await Peer.ReceiveAsync();
        Assert.Equal(new MplexFrameHeader(0, MplexFlag.MessageInitiator, 2), data?.Header);
        Assert.Equal(new MplexFrameHeader(0, MplexFlag.CloseInitiator, 0), (await Peer.ReceiveAsync())?.Header);

        await Peer.SendAsync(0, MplexFlag.NewStream, "0"u8.ToArray());
        await Peer.SendAsync(0, MplexFlag.MessageInitiator, [1, 2, 3]);
        var inbound = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        Assert.Equal(new byte[] { 1, 2, 3 }, await ReadExactlyAsync(inbound.Input, 3).WaitAsync(TestTimeout));
        await WriteAllAndCompleteAsync(inbound.Output, new byte[] { 4 }, 10);
        Assert.Equal(new MplexFrameHeader(0, MplexFlag.MessageReceiver, 1), (await Peer.ReceiveAsync())?.Header);
        Assert.Equal(new MplexFrameHeader(0, MplexFlag.CloseReceiver, 0), (await Peer.ReceiveAsync())?.Header);

        // Their data for their stream 0 never leaks into our stream 0.
        await Peer.SendAsync(0, MplexFlag.MessageReceiver, [9]);
        Assert.Equal(new byte[] { 9 }, await ReadExactlyAsync(outbound.Input, 1).WaitAsync(TestTimeout));
    }

    [Fact]
    [Trait("Clause", "MPX-1.4")]
    public async Task An_oversize_message_ends_the_session_with_a_protocol_error()
    {
        await Peer.SendAsync(0, MplexFlag.NewStream);
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        new MplexFrameHeader(0, MplexFlag.MessageInitiator, MplexLimits.MaxMessageSize + 1).Write(writer);
        await Peer.SendRawAsync(writer.WrittenSpan.ToArray());

        await Assert.ThrowsAsync<MplexProtocolException>(() => Session.Completion.WaitAsync(TestTimeout));
        await Peer.ReceiveUntilClosedAsync(_ => true);
    }

    [Fact]
    [Trait("Clause", "MPX-2.4")]
    public async Task A_reset_from_the_peer_fails_the_reader()
    {
        await Peer.SendAsync(5, MplexFlag.NewStream);
        var inbound = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        await Peer.SendAsync(5, MplexFlag.ResetInitiator);
        await Assert.ThrowsAsync<StreamResetException>(async () => await inbound.Input.ReadAsync().AsTask().WaitAsync(TestTimeout));
        Assert.Equal(0, Session.StreamCount);
    }

    [Fact]
    [Trait("Clause", "MPX-3.2")]
    public async Task A_stream_whose_reader_stays_four_mebibytes_behind_is_reset()
    {
        // The stall is timed on a fake clock: the reset comes from the test's Advance, not a real timer.
        var clock = new FakeClock();
        await Peer.DisposeAsync();
        Peer = MplexTestPeer.Start(new MplexOptions { StalledReaderTimeout = Stall, TimeProvider = clock });
        await Peer.SendAsync(1, MplexFlag.NewStream);
        var inbound = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        var chunk = new byte[MplexLimits.MaxMessageSize];
        for (var i = 0; i < MplexLimits.MaxStreamBuffer / chunk.Length; i++)
        {
            await Peer.SendAsync(1, MplexFlag.MessageInitiator, chunk);
        }

        await WaitUntilAsync(() => ((MplexStream)inbound).BufferedBytes == MplexLimits.MaxStreamBuffer, "the buffer is full");
        await Peer.SendAsync(1, MplexFlag.MessageInitiator, [1]);
        await clock.AdvanceWhenArmedAsync(Stall, TestTimeout);

        var reset = await Peer.ReceiveUntilAsync(_ => true);
        Assert.Equal(new MplexFrameHeader(1, MplexFlag.ResetReceiver, 0), reset.Header);
        await Assert.ThrowsAsync<StreamResetException>(async () => await inbound.Input.ReadAsync().AsTask().WaitAsync(TestTimeout));
        Assert.False(Session.Completion.IsCompleted);
        await Peer.SendAsync(2, MplexFlag.NewStream);
        await Peer.SendAsync(2, MplexFlag.MessageInitiator, [5]);
        var next = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        Assert.Equal(new byte[] { 5 }, await ReadExactlyAsync(next.Input, 1).WaitAsync(TestTimeout));
    }

    [Fact]
    [Trait("Clause", "MPX-3.2")]
    public async Task A_full_stream_buffer_pauses_the_connection_until_its_reader_catches_up()
    {
        await Peer.SendAsync(1, MplexFlag.NewStream);
        await Peer.SendAsync(2, MplexFlag.NewStream);
        var first = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        var second = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        var chunk = RandomBytes(MplexLimits.MaxMessageSize, 3);
        var chunks = (int)(MplexLimits.MaxStreamBuffer / chunk.Length) + 1;
        var send = Task.Run(async () =>
        {
            for (var i = 0; i < chunks; i++)
            {
                await Peer.SendAsync(1, MplexFlag.MessageInitiator, chunk);
            }

            await Peer.SendAsync(2, MplexFlag.MessageInitiator, [42]);
        });

        await WaitUntilAsync(() => ((MplexStream)first).BufferedBytes == MplexLimits.MaxStreamBuffer, "the buffer is full");
        Assert.Equal(0, ((MplexStream)second).BufferedBytes);

        for (var i = 0; i < chunks; i++)
        {
            Assert.Equal(chunk, await ReadExactlyAsync(first.Input, chunk.Length).WaitAsync(TestTimeout));
        }

        Assert.Equal(new byte[] { 42 }, await ReadExactlyAsync(second.Input, 1).WaitAsync(TestTimeout));
        await send.WaitAsync(TestTimeout);
    }

    [Fact]
    [Trait("Clause", "MPX-2.5")]
    public async Task Disposing_the_session_while_it_waits_for_a_slow_reader_does_not_hang()
    {
        var clock = new FakeClock();
        await Peer.DisposeAsync();
        Peer = MplexTestPeer.Start(new MplexOptions { StalledReaderTimeout = Stall, TimeProvider = clock });
        await Peer.SendAsync(1, MplexFlag.NewStream);
        var inbound = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        var chunk = new byte[MplexLimits.MaxMessageSize];
        for (var i = 0; i < MplexLimits.MaxStreamBuffer / chunk.Length; i++)
        {
            await Peer.SendAsync(1, MplexFlag.MessageInitiator, chunk);
        }

        await Peer.SendAsync(1, MplexFlag.MessageInitiator, [1]);

        // The session is now waiting for the slow reader (its stall timer is armed, and never fires).
        using (var bound = new CancellationTokenSource(TestTimeout))
        {
            await clock.WaitForTimerAsync(Stall, bound.Token);
        }

        await Session.DisposeAsync().AsTask().WaitAsync(TestTimeout);
        await Session.Completion.WaitAsync(TestTimeout);
        await Assert.ThrowsAsync<StreamResetException>(async () => await inbound.Input.ReadAsync().AsTask().WaitAsync(TestTimeout));
    }

    [Fact]
    [Trait("Clause", "MPX-2.2")]
    public async Task A_new_stream_reusing_a_live_id_is_a_protocol_error()
    {
        await Peer.SendAsync(3, MplexFlag.NewStream);
        await Peer.SendAsync(3, MplexFlag.NewStream);
        await Assert.ThrowsAsync<MplexProtocolException>(() => Session.Completion.WaitAsync(TestTimeout));
    }

    [Fact]
    [Trait("Clause", "MPX-4.3")]
    public async Task A_peer_that_opens_streams_without_end_is_disconnected_with_bounded_state()
    {
        // The backlog fills, then each further new stream is refused; mplex has no ping to pace the
        // peer, so the session's resets are what tell us it has read everything sent so far.
        var id = 0;
        for (; id < MplexLimits.MaxAcceptBacklog + MplexLimits.MaxConsecutiveRefusedStreams; id++)
        {
            await Peer.SendAsync(id, MplexFlag.NewStream);
            Assert.True(Session.StreamCount <= MplexLimits.MaxAcceptBacklog);
        }

        for (var refused = 0; refused < MplexLimits.MaxConsecutiveRefusedStreams; refused++)
        {
            Assert.Equal(MplexFlag.ResetReceiver, (await Peer.ReceiveUntilAsync(_ => true)).Header.Flag);
        }

        Assert.False(Session.Completion.IsCompleted);
        Assert.Equal(MplexLimits.MaxAcceptBacklog, Session.StreamCount);

        await Peer.SendAsync(id, MplexFlag.NewStream);
        await Assert.ThrowsAsync<MplexProtocolException>(() => Session.Completion.WaitAsync(TestTimeout));
        Assert.Equal(0, Session.StreamCount);
        Assert.Equal(0, await Peer.ReceiveUntilClosedAsync(h => h.Flag == MplexFlag.ResetReceiver));
    }

    [Fact]
    public async Task Random_frames_from_a_peer_end_in_a_protocol_error_or_nothing_worse()
    {
        var random = new Random(5);
        for (var run = 0; run < 30; run++)
        {
            await using var peer = MplexTestPeer.Start();
            var bytes = new byte[random.Next(1, 4000)];
            random.NextBytes(bytes);
            for (var i = 0; i + 2 < bytes.Length; i += random.Next(3, 40))
            {
                bytes[i] = (byte)random.Next(0x40);
                bytes[i + 1] = (byte)random.Next(random.Next(8) == 0 ? 256 : 8);
            }

            await peer.SendRawAsync(bytes);
            await peer.HangUpAsync();
            await peer.ReceiveUntilClosedAsync(_ => true);
            var completion = await Record.ExceptionAsync(() => peer.Session.Completion.WaitAsync(TestTimeout));
            Assert.True(completion is null or MplexProtocolException, completion?.ToString());
        }
    }
}
