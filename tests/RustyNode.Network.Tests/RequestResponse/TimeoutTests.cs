using RustyNode.Network.Applications;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Tests.Testing;

namespace RustyNode.Network.Tests.RequestResponse;

/// <summary>
/// The responder's and the requester's timeouts, all measured on the swarm's clock: every test here
/// runs the timing side on a <see cref="FakeClock"/>, so no real timer decides an outcome.
/// </summary>
public class TimeoutTests
{
    private const string ProtocolId = "/test/rr/1.0.0";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>Far beyond <see cref="Bound"/>: a request can only see this run out on a fake clock.</summary>
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    [Trait("Clause", "RR-4.2")]
    [Trait("Clause", "RR-4.3")]
    public async Task Responder_resets_the_stream_when_its_handler_outlasts_the_inbound_timeout_on_its_swarms_clock()
    {
        var clock = new FakeClock();
        var blocked = new BlockingHandler();
        var server = Server(blocked.HandleAsync, new RequestResponseOptions { InboundTimeout = Hour });
        var client = Client();
        await using var a = await RrNode.StartAsync(clock, server);
        await using var b = await RrNode.StartAsync(client);
        await b.ConnectAsync(a);

        // The requester would wait an hour on real time; only the responder's timeout, on its
        // swarm's fake clock, can end this request within the bound.
        var request = client.SendRequestAsync(a.PeerId, [1], CancellationToken.None);
        await blocked.Arrived.Task.WaitAsync(Bound);
        Assert.Equal(1, clock.ArmedCount(Hour));
        clock.Advance(Hour);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => request.WaitAsync(Bound));
        Assert.Equal(RequestFailure.Refused, ex.Reason);
        await blocked.Cancelled.Task.WaitAsync(Bound);
        Assert.Single(a.Swarm.GetConnections(b.PeerId));
    }

    [Theory]
    [Trait("Clause", "RR-4.2")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Responder_resets_a_stream_whose_request_or_end_never_comes(bool sendRequest)
    {
        var clock = new FakeClock();
        var served = 0;
        var server = Server(
            (peer, request, ct) =>
            {
                Interlocked.Increment(ref served);
                return ValueTask.FromResult(request);
            },
            new RequestResponseOptions { InboundTimeout = Hour });
        var raw = new ApplicationProtocols();
        raw.Register("/test/unused/1.0.0", (peer, message, ct) => ValueTask.CompletedTask);
        await using var a = await RrNode.StartAsync(clock, server);
        await using var b = await RrNode.StartAsync(raw);
        await b.ConnectAsync(a);

        await using var stream = await raw.OpenStreamAsync(a.PeerId, ProtocolId, CancellationToken.None).WaitAsync(Bound);
        if (sendRequest)
        {
            // The request, but never the half-close that must follow it (RR-1.2).
            await ProtocolMessages.WriteAsync(stream.Output, new byte[] { 1 }, CancellationToken.None);
        }

        await clock.AdvanceWhenArmedAsync(Hour, Bound);
        await Assert.ThrowsAnyAsync<IOException>(() => ProtocolMessages.ReadToEndAsync(stream.Input, CancellationToken.None).AsTask().WaitAsync(Bound));
        Assert.Equal(0, Volatile.Read(ref served));
    }

    [Fact]
    [Trait("Clause", "RR-4.3")]
    public async Task Request_timeout_runs_on_the_requesting_swarms_clock()
    {
        var clock = new FakeClock();
        var blocked = new BlockingHandler();
        var server = Server(blocked.HandleAsync, new RequestResponseOptions { InboundTimeout = Hour });
        var client = Client();
        await using var a = await RrNode.StartAsync(server);
        await using var b = await RrNode.StartAsync(clock, client);
        await b.ConnectAsync(a);

        var request = client.SendRequestAsync(a.PeerId, [1], CancellationToken.None);
        await blocked.Arrived.Task.WaitAsync(Bound);
        Assert.True(clock.ArmedCount(Hour) == 1, "the request's timeout is not on the swarm's clock");
        clock.Advance(Hour);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => request.WaitAsync(Bound));
        Assert.Equal(RequestFailure.Timeout, ex.Reason);
    }

    private static RequestResponseBehaviour<byte[], byte[]> Server(
        Func<PeerId, byte[], CancellationToken, ValueTask<byte[]>> handler, RequestResponseOptions options) =>
        new(new BytesCodec([ProtocolId]), handler, options);

    /// <summary>A requester that would wait an hour for any response.</summary>
    private static RequestResponseBehaviour<byte[], byte[]> Client() =>
        new(new BytesCodec([ProtocolId]), handler: null, new RequestResponseOptions { RequestTimeout = Hour });

    /// <summary>A request handler that never answers; it says when a request arrived and when its token was cancelled.</summary>
    private sealed class BlockingHandler
    {
        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<byte[]> HandleAsync(PeerId peer, byte[] request, CancellationToken cancellationToken)
        {
            Arrived.TrySetResult();
            await using (cancellationToken.Register(() => Cancelled.TrySetResult()))
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            return request;
        }
    }
}
