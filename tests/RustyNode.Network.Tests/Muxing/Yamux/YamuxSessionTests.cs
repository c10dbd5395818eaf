using System.IO.Pipelines;
using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Yamux;
using static RustyNode.Network.Tests.Muxing.MuxTestUtil;

namespace RustyNode.Network.Tests.Muxing.Yamux;

public sealed class YamuxSessionTests : MuxedSessionPairTests<YamuxSession>
{
    private readonly YamuxMuxer _muxer = new();

    protected override YamuxSession Start(IDuplexPipe connection, bool isInitiator) => _muxer.Start(connection, isInitiator);

    [Fact]
    [Trait("Clause", "YMX-2.1")]
    public async Task Opened_stream_is_accepted_with_the_dialers_odd_id_and_carries_data_both_ways()
    {
        var outbound = await Dialer.OpenStreamAsync();
        await outbound.Output.WriteAsync("hello"u8.ToArray());
        var inbound = await Listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal(1, outbound.Id);
        Assert.Equal(1, inbound.Id);
        Assert.True(outbound.IsOutbound);
        Assert.False(inbound.IsOutbound);
        Assert.Equal("hello"u8.ToArray(), await ReadExactlyAsync(inbound.Input, 5).WaitAsync(TestTimeout));

        await inbound.Output.WriteAsync("world"u8.ToArray());
        Assert.Equal("world"u8.ToArray(), await ReadExactlyAsync(outbound.Input, 5).WaitAsync(TestTimeout));

        var fromListener = await Listener.OpenStreamAsync();
        Assert.Equal(2, fromListener.Id);
    }

    [Fact]
    [Trait("Clause", "YMX-3.3")]
    public async Task Ten_megabytes_each_way_on_one_stream_arrive_byte_for_byte()
    {
        var up = RandomBytes(10 * 1024 * 1024, 1);
        var down = RandomBytes(10 * 1024 * 1024, 2);
        var outbound = await Dialer.OpenStreamAsync();
        var accept = Listener.AcceptStreamAsync().AsTask();
        var send = WriteAllAndCompleteAsync(outbound.Output, up, 100_000);
        var inbound = await accept.WaitAsync(TestTimeout);
        var echo = WriteAllAndCompleteAsync(inbound.Output, down, 77_777);

        var receivedUp = await ReadToEndAsync(inbound.Input).WaitAsync(TestTimeout);
        var receivedDown = await ReadToEndAsync(outbound.Input).WaitAsync(TestTimeout);
        await Task.WhenAll(send, echo).WaitAsync(TestTimeout);

        Assert.Equal(up, receivedUp);
        Assert.Equal(down, receivedDown);
    }

    [Fact]
    [Trait("Clause", "YMX-3.2")]
    public async Task A_reader_waiting_for_more_than_a_window_without_consuming_still_gets_it()
    {
        var outbound = await Dialer.OpenStreamAsync();
        var payload = RandomBytes((int)YamuxLimits.InitialWindow * 3, 4);
        var send = WriteAllAndCompleteAsync(outbound.Output, payload, 65_536);
        var inbound = await Listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);

        // ReadExactlyAsync examines everything but consumes nothing until the whole payload is there.
        var received = await ReadExactlyAsync(inbound.Input, payload.Length).WaitAsync(TestTimeout);
        await send.WaitAsync(TestTimeout);
        Assert.Equal(payload, received);
    }

    [Fact]
    [Trait("Clause", "YMX-3.3")]
    public async Task Data_written_with_GetSpan_and_Advance_is_sent_on_flush()
    {
        var outbound = await Dialer.OpenStreamAsync();
        var payload = RandomBytes(300_000, 3);
        payload.CopyTo(outbound.Output.GetSpan(payload.Length));
        outbound.Output.Advance(payload.Length);
        var flush = outbound.Output.FlushAsync().AsTask();
        var inbound = await Listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        var received = await ReadExactlyAsync(inbound.Input, payload.Length).WaitAsync(TestTimeout);
        await flush.WaitAsync(TestTimeout);
        Assert.Equal(payload, received);
    }

    [Fact]
    public Task Two_hundred_concurrent_streams_each_carry_their_own_data() =>
        Two_hundred_concurrent_streams_each_carry_their_own_data_scenario();

    [Fact]
    [Trait("Clause", "YMX-2.4")]
    public async Task After_one_side_half_closes_the_other_side_still_writes()
    {
        var (outbound, inbound) = await After_one_side_closes_the_other_side_still_writes_scenario();

        await outbound.DisposeAsync();
        await inbound.DisposeAsync();
        await WaitUntilAsync(() => Dialer.StreamCount == 0 && Listener.StreamCount == 0, "both ends forget the stream");
    }

    [Fact]
    [Trait("Clause", "YMX-2.5")]
    public Task Reset_is_seen_by_the_other_side_on_read_and_write() =>
        Reset_is_seen_by_the_other_side_on_read_and_write_scenario();

    [Fact]
    [Trait("Clause", "YMX-6.1")]
    public async Task Disposing_the_session_ends_its_streams_and_the_remote_session()
    {
        await Disposing_the_session_ends_its_streams_and_the_remote_session_scenario();
        Assert.Equal(0, Dialer.StreamCount);
    }

    [Fact]
    [Trait("Clause", "YMX-4.2")]
    public async Task Ping_between_two_sessions_measures_a_round_trip()
    {
        var rtt = await Dialer.PingAsync().AsTask().WaitAsync(TestTimeout);
        Assert.True(rtt >= TimeSpan.Zero);
        await Listener.PingAsync().AsTask().WaitAsync(TestTimeout);
    }

    [Fact]
    [Trait("Clause", "YMX-5.2")]
    public async Task Close_sends_go_away_and_the_remote_refuses_new_streams()
    {
        await Dialer.CloseAsync().AsTask().WaitAsync(TestTimeout);
        await Listener.Completion.WaitAsync(TestTimeout);
        await Dialer.Completion.WaitAsync(TestTimeout);
        await Assert.ThrowsAsync<MuxerClosedException>(async () => await Listener.OpenStreamAsync());
    }

    [Fact]
    [Trait("Clause", "YMX-3.2")]
    public async Task A_slow_reader_bounds_the_sender_to_one_window()
    {
        var outbound = (YamuxStream)await Dialer.OpenStreamAsync();
        var payload = RandomBytes(1024 * 1024, 9);
        var send = WriteAllAndCompleteAsync(outbound.Output, payload, 50_000);
        var inbound = (YamuxStream)await Listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);

        await WaitUntilAsync(() => outbound.SendWindow == 0, "the sender has used its window");
        await WaitUntilAsync(() => inbound.BufferedBytes == YamuxLimits.InitialWindow, "the window has arrived");
        Assert.False(send.IsCompleted);
        Assert.Equal(YamuxLimits.InitialWindow, inbound.BufferedBytes);

        var received = await ReadToEndAsync(inbound.Input).WaitAsync(TestTimeout);
        await send.WaitAsync(TestTimeout);
        Assert.Equal(payload, received);
    }

    [Fact]
    [Trait("Clause", "YMX-3.6")]
    public async Task Windows_of_readers_that_keep_up_grow_within_the_stream_and_session_bounds()
    {
        const int Streams = 3;
        var payload = RandomBytes(24 * 1024 * 1024, 5);
        var outbound = new List<IMuxedStream>();
        var inbound = new List<YamuxStream>();
        for (var i = 0; i < Streams; i++)
        {
            var stream = await Dialer.OpenStreamAsync();
            await stream.Output.WriteAsync(new byte[1]);
            outbound.Add(stream);
            inbound.Add((YamuxStream)await Listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout));
            await ReadExactlyAsync(inbound[i].Input, 1).WaitAsync(TestTimeout);
        }

        var sends = outbound.Select(s => s.Output.WriteAsync(payload).AsTask());
        var reads = inbound.Select(s => ReadExactlyInPiecesAsync(s, payload.Length));
        await Task.WhenAll(sends.Concat(reads)).WaitAsync(TimeSpan.FromSeconds(30));

        var windows = inbound.Select(s => s.ReceiveWindowSize).ToList();
        Assert.All(windows, w => Assert.InRange(w, YamuxLimits.InitialWindow, YamuxLimits.MaxStreamWindow));
        Assert.Contains(windows, w => w > YamuxLimits.InitialWindow);
        Assert.True(windows.Sum(w => w - YamuxLimits.InitialWindow) <= YamuxLimits.MaxSessionWindowGrowth);
        Assert.All(inbound, s => Assert.True(s.BufferedBytes <= s.ReceiveWindowSize));
    }

    private static async Task ReadExactlyInPiecesAsync(YamuxStream stream, long count)
    {
        while (count > 0)
        {
            var result = await stream.Input.ReadAsync();
            var take = Math.Min(count, result.Buffer.Length);
            stream.Input.AdvanceTo(result.Buffer.GetPosition(take));
            count -= take;
        }
    }
}
