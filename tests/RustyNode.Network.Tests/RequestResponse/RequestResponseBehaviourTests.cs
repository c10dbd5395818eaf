using System.Buffers.Binary;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Tests.Testing;

namespace RustyNode.Network.Tests.RequestResponse;

public class RequestResponseBehaviourTests
{
    private const string ProtocolId = "/test/rr/1.0.0";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static RequestResponseBehaviour<byte[], byte[]> Server(
        Func<PeerId, byte[], CancellationToken, ValueTask<byte[]>> handler,
        RequestResponseOptions? options = null,
        IPeerReporter? reporter = null,
        int maxRequestSize = RequestResponseLimits.DefaultMaxRequestSize,
        string protocol = ProtocolId) =>
        new(new BytesCodec([protocol], maxRequestSize), handler, options, reporter);

    private static RequestResponseBehaviour<byte[], byte[]> Client(
        RequestResponseOptions? options = null,
        IPeerReporter? reporter = null,
        int maxRequestSize = RequestResponseLimits.DefaultMaxRequestSize,
        int maxResponseSize = RequestResponseLimits.DefaultMaxResponseSize) =>
        new(new BytesCodec([ProtocolId], maxRequestSize, maxResponseSize), handler: null, options, reporter);

    private static async Task<RequestFailedException> FailsAsync(Task task) =>
        await Assert.ThrowsAsync<RequestFailedException>(() => task.WaitAsync(Bound));

    [Theory]
    [Trait("Clause", "RR-1.1")]
    [InlineData("yamux")]
    [InlineData("mplex")]
    public async Task Request_gets_the_handlers_response(string muxer)
    {
        var server = Server((peer, request, ct) => ValueTask.FromResult(request.Reverse().ToArray()));
        var client = Client();
        await using var a = await RrNode.StartAsync(muxer, server);
        await using var b = await RrNode.StartAsync(muxer, client);
        await b.ConnectAsync(a);

        var response = await client.SendRequestAsync(a.PeerId, [1, 2, 3], CancellationToken.None).WaitAsync(Bound);

        Assert.Equal([3, 2, 1], response);
    }

    [Fact]
    [Trait("Clause", "RR-4.1")]
    public async Task Request_without_an_answer_times_out()
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = Server(async (peer, request, ct) =>
        {
            await never.Task.WaitAsync(ct);
            return request;
        });
        // The requester's swarm runs on a fake clock: only the test's Advance can time the request out.
        var clock = new FakeClock();
        var timeout = TimeSpan.FromHours(1);
        var client = Client(new RequestResponseOptions { RequestTimeout = timeout });
        await using var a = await RrNode.StartAsync(server);
        await using var b = await RrNode.StartAsync(clock, client);
        await b.ConnectAsync(a);

        var request = client.SendRequestAsync(a.PeerId, [1], CancellationToken.None);
        await clock.AdvanceWhenArmedAsync(timeout, Bound);
        var ex = await FailsAsync(request);

        Assert.Equal(RequestFailure.Timeout, ex.Reason);
        Assert.Equal(a.PeerId, ex.Peer);
    }

    [Fact]
    [Trait("Clause", "RR-3.1")]
    public async Task Response_over_the_limit_fails_and_the_peer_is_reported()
    {
        var server = Server((peer, request, ct) => ValueTask.FromResult(new byte[4096]));
        var reporter = new RecordingReporter();
        var client = Client(reporter: reporter, maxResponseSize: 1024);
        await using var a = await RrNode.StartAsync(server);
        await using var b = await RrNode.StartAsync(client);
        await b.ConnectAsync(a);

        var ex = await FailsAsync(client.SendRequestAsync(a.PeerId, [1], CancellationToken.None));

        Assert.Equal(RequestFailure.ResponseTooLarge, ex.Reason);
        var report = Assert.Single(reporter.Reports);
        Assert.Equal(a.PeerId, report.Peer);
        Assert.Equal(PeerReportWeights.ProtocolViolation, report.Weight);
    }

    [Fact]
    [Trait("Clause", "RR-3.1")]
    public async Task Request_over_the_responders_limit_is_refused_and_reported()
    {
        var reporter = new RecordingReporter();
        var server = Server((peer, request, ct) => ValueTask.FromResult(request), reporter: reporter, maxRequestSize: 64);
        var client = Client();
        await using var a = await RrNode.StartAsync(server);
        await using var b = await RrNode.StartAsync(client);
        await b.ConnectAsync(a);

        var ex = await FailsAsync(client.SendRequestAsync(a.PeerId, new byte[65], CancellationToken.None));

        Assert.Equal(RequestFailure.Refused, ex.Reason);
        var report = Assert.Single(reporter.Reports);
        Assert.Equal(b.PeerId, report.Peer);
        Assert.Equal(PeerReportWeights.ProtocolViolation, report.Weight);
    }

    [Fact]
    [Trait("Clause", "RR-3.1")]
    public async Task Our_own_request_over_the_limit_is_not_sent()
    {
        var server = Server((peer, request, ct) => ValueTask.FromResult(request));
        var client = Client(maxRequestSize: 8);
        await using var a = await RrNode.StartAsync(server);
        await using var b = await RrNode.StartAsync(client);
        await b.ConnectAsync(a);

        var ex = await FailsAsync(client.SendRequestAsync(a.PeerId, new byte[9], CancellationToken.None));

        Assert.Equal(RequestFailure.RequestTooLarge, ex.Reason);
    }

    [Fact]
    [Trait("Clause", "RR-5.1")]
    public async Task Peer_that_speaks_none_of_the_protocols_is_unsupported()
    {
        var server = Server((peer, request, ct) => ValueTask.FromResult(request), protocol: "/test/other/1.0.0");
        var client = Client();
        await using var a = await RrNode.StartAsync(server);
        await using var b = await RrNode.StartAsync(client);
        await b.ConnectAsync(a);

        var ex = await FailsAsync(client.SendRequestAsync(a.PeerId, [1], CancellationToken.None));

        Assert.Equal(RequestFailure.UnsupportedProtocol, ex.Reason);
    }

    [Fact]
    [Trait("Clause", "RR-5.1")]
    public async Task Request_to_a_peer_we_are_not_connected_to_fails_at_once()
    {
        var client = Client();
        await using var b = await RrNode.StartAsync(client);

        var ex = await FailsAsync(client.SendRequestAsync(PeerId.FromPublicKey(Ed25519PrivateKey.Generate().PublicKey), [1], CancellationToken.None));

        Assert.Equal(RequestFailure.NotConnected, ex.Reason);
    }

    [Fact]
    [Trait("Clause", "RR-1.4")]
    public async Task Handler_that_throws_refuses_the_request()
    {
        var server = Server((peer, request, ct) => throw new InvalidOperationException("no such block"));
        var client = Client();
        await using var a = await RrNode.StartAsync(server);
        await using var b = await RrNode.StartAsync(client);
        await b.ConnectAsync(a);

        var ex = await FailsAsync(client.SendRequestAsync(a.PeerId, [1], CancellationToken.None));

        Assert.Equal(RequestFailure.Refused, ex.Reason);
        Assert.Single(a.Swarm.GetConnections(b.PeerId));
    }

    [Theory]
    [Trait("Clause", "RR-5.1")]
    [InlineData("yamux")]
    [InlineData("mplex")]
    public async Task Connection_dropped_while_the_request_waits_fails_as_connection_closed(string muxer)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = Server(async (peer, request, ct) =>
        {
            arrived.TrySetResult();
            await release.Task.WaitAsync(ct);
            return request;
        });
        var client = Client();
        await using var a = await RrNode.StartAsync(muxer, server);
        await using var b = await RrNode.StartAsync(muxer, client);
        await b.ConnectAsync(a);

        var request = client.SendRequestAsync(a.PeerId, [1], CancellationToken.None);
        await arrived.Task.WaitAsync(Bound);
        foreach (var connection in a.Swarm.GetConnections(b.PeerId))
        {
            await connection.DisposeAsync();
        }

        var ex = await FailsAsync(request);
        release.TrySetResult();

        Assert.Equal(RequestFailure.ConnectionClosed, ex.Reason);
    }

    [Fact]
    [Trait("Clause", "RR-3.2")]
    public async Task Inbound_requests_beyond_the_per_peer_limit_are_reset()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reporter = new RecordingReporter();
        var server = Server(
            async (peer, request, ct) =>
            {
                arrived.TrySetResult();
                await release.Task.WaitAsync(ct);
                return request;
            },
            new RequestResponseOptions { MaxConcurrentInboundPerPeer = 1 },
            reporter);
        var client = Client();
        await using var a = await RrNode.StartAsync(server);
        await using var b = await RrNode.StartAsync(client);
        await b.ConnectAsync(a);

        var first = client.SendRequestAsync(a.PeerId, [1], CancellationToken.None);
        await arrived.Task.WaitAsync(Bound);
        var ex = await FailsAsync(client.SendRequestAsync(a.PeerId, [2], CancellationToken.None));
        release.TrySetResult();

        Assert.Equal(RequestFailure.Refused, ex.Reason);
        Assert.Equal([1], await first.WaitAsync(Bound));
        Assert.Equal(PeerReportWeights.ExcessRequest, Assert.Single(reporter.Reports).Weight);
    }

    [Fact]
    [Trait("Clause", "RR-3.3")]
    public async Task Outbound_requests_beyond_the_per_peer_limit_wait_for_a_slot()
    {
        var arrivals = 0;
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = Server(async (peer, request, ct) =>
        {
            Interlocked.Increment(ref arrivals);
            firstArrived.TrySetResult();
            await release.Task.WaitAsync(ct);
            return request;
        });
        var client = Client(new RequestResponseOptions { MaxConcurrentOutboundPerPeer = 1 });
        await using var a = await RrNode.StartAsync(server);
        await using var b = await RrNode.StartAsync(client);
        await b.ConnectAsync(a);

        var first = client.SendRequestAsync(a.PeerId, [1], CancellationToken.None);
        var second = client.SendRequestAsync(a.PeerId, [2], CancellationToken.None);
        await firstArrived.Task.WaitAsync(Bound);

        Assert.Equal(1, Volatile.Read(ref arrivals));
        Assert.False(second.IsCompleted);
        release.TrySetResult();

        Assert.Equal([1], await first.WaitAsync(Bound));
        Assert.Equal([2], await second.WaitAsync(Bound));
        Assert.Equal(2, Volatile.Read(ref arrivals));
    }

    [Theory]
    [Trait("Clause", "RR-1.1")]
    [InlineData("mplex")]
    [InlineData("yamux")]
    public async Task Ten_thousand_requests_over_sixteen_concurrent_streams_each_get_their_own_response(string muxer)
    {
        const int Workers = 16;
        const int PerWorker = 625;
        var server = Server((peer, request, ct) =>
        {
            // The response carries the request's id and a digest of its body.
            var response = new byte[12];
            request.AsSpan(0, 8).CopyTo(response);
            BinaryPrimitives.WriteUInt32BigEndian(response.AsSpan(8), Checksum(request.AsSpan(8)));
            return ValueTask.FromResult(response);
        });
        var client = Client();
        await using var a = await RrNode.StartAsync(muxer, server);
        await using var b = await RrNode.StartAsync(muxer, client);
        await b.ConnectAsync(a);

        var matched = 0;
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < PerWorker; i++)
            {
                var id = ((long)w << 32) | (uint)i;
                var request = new byte[8 + random.Next(0, 256)];
                BinaryPrimitives.WriteInt64BigEndian(request, id);
                random.NextBytes(request.AsSpan(8));
                var response = await client.SendRequestAsync(a.PeerId, request, CancellationToken.None);
                Assert.Equal(id, BinaryPrimitives.ReadInt64BigEndian(response));
                Assert.Equal(Checksum(request.AsSpan(8)), BinaryPrimitives.ReadUInt32BigEndian(response.AsSpan(8)));
                Interlocked.Increment(ref matched);
            }
        }));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(Workers * PerWorker, matched);
    }

    private static uint Checksum(ReadOnlySpan<byte> bytes)
    {
        var sum = 2166136261u;
        foreach (var b in bytes)
        {
            sum = (sum ^ b) * 16777619u;
        }

        return sum;
    }
}
