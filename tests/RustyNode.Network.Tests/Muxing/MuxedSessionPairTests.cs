using System.IO.Pipelines;
using RustyNode.Network.Muxing;
using RustyNode.Network.Transport.Memory;
using static RustyNode.Network.Tests.Muxing.MuxTestUtil;

namespace RustyNode.Network.Tests.Muxing;

/// <summary>
/// Base for tests of two of our sessions talking over an in-memory connection, with the
/// stream-level scenarios every muxer must pass. Each muxer's test class names its own facts (and
/// the spec clauses they check) and runs the shared scenarios from them.
/// </summary>
/// <typeparam name="TSession">The muxer's session type.</typeparam>
public abstract class MuxedSessionPairTests<TSession> : IAsyncLifetime
    where TSession : IMuxedConnection
{
    protected TSession Dialer { get; private set; } = default!;

    protected TSession Listener { get; private set; } = default!;

    public Task InitializeAsync()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        Dialer = Start(left, isInitiator: true);
        Listener = Start(right, isInitiator: false);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Dialer.DisposeAsync();
        await Listener.DisposeAsync();
    }

    /// <summary>Starts one of our sessions on <paramref name="connection"/>.</summary>
    protected abstract TSession Start(IDuplexPipe connection, bool isInitiator);

    /// <summary>Two hundred streams echo their own payloads concurrently; all are closed after.</summary>
    protected async Task Two_hundred_concurrent_streams_each_carry_their_own_data_scenario()
    {
        const int Streams = 200;
        var serve = Task.Run(async () =>
        {
            var echoes = new List<Task>();
            for (var i = 0; i < Streams; i++)
            {
                var stream = await Listener.AcceptStreamAsync();
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
            var stream = await Dialer.OpenStreamAsync();
            var payload = RandomBytes(20_000 + i, i);
            await WriteAllAndCompleteAsync(stream.Output, payload, 5000);
            var echoed = await ReadToEndAsync(stream.Input);
            await stream.DisposeAsync();
            return payload.AsSpan().SequenceEqual(echoed);
        }).ToList();

        var results = await Task.WhenAll(clients).WaitAsync(TestTimeout);
        await serve.WaitAsync(TestTimeout);
        Assert.All(results, Assert.True);
        await WaitUntilAsync(() => Dialer.StreamCount == 0 && Listener.StreamCount == 0, "all streams are closed");
    }

    /// <summary>
    /// The dialer sends a request and half-closes; the listener reads it to the end and still
    /// writes a two-part response, which the dialer reads to the end. Returns both ends.
    /// </summary>
    protected async Task<(IMuxedStream Outbound, IMuxedStream Inbound)> After_one_side_closes_the_other_side_still_writes_scenario()
    {
        var outbound = await Dialer.OpenStreamAsync();
        await WriteAllAndCompleteAsync(outbound.Output, "request"u8.ToArray(), 1024);
        var inbound = await Listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("request"u8.ToArray(), await ReadToEndAsync(inbound.Input).WaitAsync(TestTimeout));
        await inbound.Output.WriteAsync("response part 1, "u8.ToArray());
        await WriteAllAndCompleteAsync(inbound.Output, "part 2"u8.ToArray(), 1024);
        Assert.Equal("response part 1, part 2"u8.ToArray(), await ReadToEndAsync(outbound.Input).WaitAsync(TestTimeout));
        return (outbound, inbound);
    }

    /// <summary>A reset stream fails the other side's reads and both sides' writes.</summary>
    protected async Task Reset_is_seen_by_the_other_side_on_read_and_write_scenario()
    {
        var outbound = await Dialer.OpenStreamAsync();
        await outbound.Output.WriteAsync(new byte[] { 1 });
        var inbound = await Listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        await ReadExactlyAsync(inbound.Input, 1).WaitAsync(TestTimeout);

        outbound.Reset();

        await Assert.ThrowsAsync<StreamResetException>(async () => await inbound.Input.ReadAsync().AsTask().WaitAsync(TestTimeout));
        await WaitUntilAsync(() => Listener.StreamCount == 0, "the listener drops the reset stream");
        await Assert.ThrowsAsync<StreamResetException>(async () => await inbound.Output.WriteAsync(new byte[] { 2 }));
        await Assert.ThrowsAsync<StreamResetException>(async () => await outbound.Output.WriteAsync(new byte[] { 3 }));
    }

    /// <summary>Disposing the dialer (twice) resets its streams, ends the listener and refuses new streams.</summary>
    protected async Task Disposing_the_session_ends_its_streams_and_the_remote_session_scenario()
    {
        var outbound = await Dialer.OpenStreamAsync();
        await outbound.Output.WriteAsync(new byte[] { 1 });
        var inbound = await Listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        var pendingRead = outbound.Input.ReadAsync().AsTask();

        await Dialer.DisposeAsync().AsTask().WaitAsync(TestTimeout);
        await Dialer.DisposeAsync();

        await Assert.ThrowsAsync<StreamResetException>(() => pendingRead.WaitAsync(TestTimeout));
        await Listener.Completion.WaitAsync(TestTimeout);
        await Assert.ThrowsAsync<StreamResetException>(async () => await inbound.Input.ReadAsync().AsTask().WaitAsync(TestTimeout));
        await Assert.ThrowsAsync<MuxerClosedException>(async () => await Dialer.OpenStreamAsync());
        await Assert.ThrowsAsync<MuxerClosedException>(async () => await Listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout));
    }
}
