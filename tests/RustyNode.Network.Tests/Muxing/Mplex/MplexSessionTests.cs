using System.IO.Pipelines;
using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Mplex;
using static RustyNode.Network.Tests.Muxing.MuxTestUtil;

namespace RustyNode.Network.Tests.Muxing.Mplex;

public sealed class MplexSessionTests : MuxedSessionPairTests<MplexSession>
{
    private readonly MplexMuxer _muxer = new(MplexTestPeer.UntimedOptions());

    protected override MplexSession Start(IDuplexPipe connection, bool isInitiator) => _muxer.Start(connection, isInitiator);

    [Fact]
    [Trait("Clause", "MPX-2.1")]
    public async Task Both_sides_can_open_stream_zero_and_each_carries_its_own_data()
    {
        var fromDialer = await Dialer.OpenStreamAsync();
        var fromListener = await Listener.OpenStreamAsync();
        await fromDialer.Output.WriteAsync("from dialer"u8.ToArray());
        await fromListener.Output.WriteAsync("from listener"u8.ToArray());
        var atListener = await Listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        var atDialer = await Dialer.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal(0, fromDialer.Id);
        Assert.Equal(0, fromListener.Id);
        Assert.Equal("from dialer"u8.ToArray(), await ReadExactlyAsync(atListener.Input, 11).WaitAsync(TestTimeout));
        Assert.Equal("from listener"u8.ToArray(), await ReadExactlyAsync(atDialer.Input, 13).WaitAsync(TestTimeout));

        await atListener.Output.WriteAsync("reply"u8.ToArray());
        Assert.Equal("reply"u8.ToArray(), await ReadExactlyAsync(fromDialer.Input, 5).WaitAsync(TestTimeout));
    }

    [Fact]
    public async Task Ten_megabytes_each_way_on_one_stream_arrive_byte_for_byte()
    {
        var up = RandomBytes(10 * 1024 * 1024, 11);
        var down = RandomBytes(10 * 1024 * 1024, 12);
        var outbound = await Dialer.OpenStreamAsync();
        var send = WriteAllAndCompleteAsync(outbound.Output, up, 100_000);
        var inbound = await Listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        var echo = WriteAllAndCompleteAsync(inbound.Output, down, 77_777);

        var receivedUp = ReadToEndAsync(inbound.Input);
        var receivedDown = ReadToEndAsync(outbound.Input);
        Assert.Equal(up, await receivedUp.WaitAsync(TestTimeout));
        Assert.Equal(down, await receivedDown.WaitAsync(TestTimeout));
        await Task.WhenAll(send, echo).WaitAsync(TestTimeout);
    }

    [Fact]
    public Task Two_hundred_concurrent_streams_each_carry_their_own_data() =>
        Two_hundred_concurrent_streams_each_carry_their_own_data_scenario();

    [Fact]
    [Trait("Clause", "MPX-2.3")]
    public async Task After_one_side_closes_the_other_side_still_writes()
    {
        await After_one_side_closes_the_other_side_still_writes_scenario();
        await WaitUntilAsync(() => Dialer.StreamCount == 0 && Listener.StreamCount == 0, "both ends forget the stream");
    }

    [Fact]
    [Trait("Clause", "MPX-2.4")]
    public Task Reset_is_seen_by_the_other_side_on_read_and_write() =>
        Reset_is_seen_by_the_other_side_on_read_and_write_scenario();

    [Fact]
    [Trait("Clause", "MPX-2.5")]
    public Task Disposing_the_session_ends_its_streams_and_the_remote_session() =>
        Disposing_the_session_ends_its_streams_and_the_remote_session_scenario();
}
