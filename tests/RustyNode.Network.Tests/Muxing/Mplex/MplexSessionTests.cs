using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Mplex;
using RustyNode.Network.Transport.Memory;
using static RustyNode.Network.Tests.Muxing.MuxTestUtil;

namespace RustyNode.Network.Tests.Muxing.Mplex;

public sealed class MplexSessionTests : IAsyncLifetime
{
    private MplexSession _dialer = null!;
    private MplexSession _listener = null!;

    public Task InitializeAsync()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var muxer = new MplexMuxer();
        _dialer = muxer.Start(left, isInitiator: true);
        _listener = muxer.Start(right, isInitiator: false);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _dialer.DisposeAsync();
        await _listener.DisposeAsync();
    }

    [Fact]
    [Trait("Clause", "MPX-2.1")]
    public async Task Both_sides_can_open_stream_zero_and_each_carries_its_own_data()
    {
        var fromDialer = await _dialer.OpenStreamAsync();
        var fromListener = await _listener.OpenStreamAsync();
        await fromDialer.Output.WriteAsync("from dialer"u8.ToArray());
        await fromListener.Output.WriteAsync("from listener"u8.ToArray());
        var atListener = await _listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        var atDialer = await _dialer.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);

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
        var outbound = await _dialer.OpenStreamAsync();
        var send = WriteAllAndCompleteAsync(outbound.Output, up, 100_000);
        var inbound = await _listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        var echo = WriteAllAndCompleteAsync(inbound.Output, down, 77_777);

        var receivedUp = ReadToEndAsync(inbound.Input);
        var receivedDown = ReadToEndAsync(outbound.Input);
        Assert.Equal(up, await receivedUp.WaitAsync(TestTimeout));
        Assert.Equal(down, await receivedDown.WaitAsync(TestTimeout));
        await Task.WhenAll(send, echo).WaitAsync(TestTimeout);
    }

    [Fact]
    public async Task Two_hundred_concurrent_streams_each_carry_their_own_data()
    {
        const int Streams = 200;
        var serve = Task.Run(async () =>
        {
            var echoes = new List<Task>();
            for (var i = 0; i < Streams; i++)
            {
                var stream = await _listener.AcceptStreamAsync();
                echoes.Add(Task.Run(async () =>
                {
                    var request = await ReadToEndAsync(stream.Input);
                    await WriteAllAndCompleteAsync(stream.Output, request, 4096);
                    await stream.DisposeAsync();
                }));
            }

            await Task.WhenAll(echoes);
        });

        var clients = Enumerable.Range(0, Streams).Select(async i =>
        {
            var stream = await _dialer.OpenStreamAsync();
            var payload = RandomBytes(20_000 + i, i);
            await WriteAllAndCompleteAsync(stream.Output, payload, 5000);
            var echoed = await ReadToEndAsync(stream.Input);
            await stream.DisposeAsync();
            return payload.AsSpan().SequenceEqual(echoed);
        }).ToList();

        var results = await Task.WhenAll(clients).WaitAsync(TestTimeout);
        await serve.WaitAsync(TestTimeout);
        Assert.All(results, Assert.True);
        await WaitUntilAsync(() => _dialer.StreamCount == 0 && _listener.StreamCount == 0, "all streams are closed");
    }

    [Fact]
    [Trait("Clause", "MPX-2.3")]
    public async Task After_one_side_closes_the_other_side_still_writes()
    {
        var outbound = await _dialer.OpenStreamAsync();
        await WriteAllAndCompleteAsync(outbound.Output, "request"u8.ToArray(), 1024);
        var inbound = await _listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("request"u8.ToArray(), await ReadToEndAsync(inbound.Input).WaitAsync(TestTimeout));
        await inbound.Output.WriteAsync("response part 1, "u8.ToArray());
        await WriteAllAndCompleteAsync(inbound.Output, "part 2"u8.ToArray(), 1024);
        Assert.Equal("response part 1, part 2"u8.ToArray(), await ReadToEndAsync(outbound.Input).WaitAsync(TestTimeout));
        await WaitUntilAsync(() => _dialer.StreamCount == 0 && _listener.StreamCount == 0, "both ends forget the stream");
    }

    [Fact]
    [Trait("Clause", "MPX-2.4")]
    public async Task Reset_is_seen_by_the_other_side_on_read_and_write()
    {
        var outbound = await _dialer.OpenStreamAsync();
        await outbound.Output.WriteAsync(new byte[] { 1 });
        var inbound = await _listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        await ReadExactlyAsync(inbound.Input, 1).WaitAsync(TestTimeout);

        outbound.Reset();

        await Assert.ThrowsAsync<StreamResetException>(async () => await inbound.Input.ReadAsync().AsTask().WaitAsync(TestTimeout));
        await WaitUntilAsync(() => _listener.StreamCount == 0, "the listener drops the reset stream");
        await Assert.ThrowsAsync<StreamResetException>(async () => await inbound.Output.WriteAsync(new byte[] { 2 }));
        await Assert.ThrowsAsync<StreamResetException>(async () => await outbound.Output.WriteAsync(new byte[] { 3 }));
    }

    [Fact]
    [Trait("Clause", "MPX-2.5")]
    public async Task Disposing_the_session_ends_its_streams_and_the_remote_session()
    {
        var outbound = await _dialer.OpenStreamAsync();
        await outbound.Output.WriteAsync(new byte[] { 1 });
        var inbound = await _listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        var pendingRead = outbound.Input.ReadAsync().AsTask();

        await _dialer.DisposeAsync().AsTask().WaitAsync(TestTimeout);
        await _dialer.DisposeAsync();

        await Assert.ThrowsAsync<StreamResetException>(() => pendingRead.WaitAsync(TestTimeout));
        await _listener.Completion.WaitAsync(TestTimeout);
        await Assert.ThrowsAsync<StreamResetException>(async () => await inbound.Input.ReadAsync().AsTask().WaitAsync(TestTimeout));
        await Assert.ThrowsAsync<MuxerClosedException>(async () => await _dialer.OpenStreamAsync());
        await Assert.ThrowsAsync<MuxerClosedException>(async () => await _listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout));
    }
}
