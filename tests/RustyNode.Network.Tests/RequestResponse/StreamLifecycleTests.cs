using RustyNode.Network.Applications;
using RustyNode.Network.Multistream;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.RequestResponse;

/// <summary>How the two sides close a request's stream, and who serves the protocol at all.</summary>
public class StreamLifecycleTests
{
    private const string ProtocolId = "/test/rr/1.0.0";
    private const string OlderProtocolId = "/test/rr/0.9.0";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Clause", "RR-1.3")]
    public async Task Responder_closes_its_side_right_after_the_response()
    {
        var server = new RequestResponseBehaviour<byte[], byte[]>(
            new BytesCodec([ProtocolId]), (peer, request, ct) => ValueTask.FromResult(request.Reverse().ToArray()));
        var raw = RawOpener();
        await using var a = await RrNode.StartAsync(server);
        await using var b = await RrNode.StartAsync(raw);
        await b.ConnectAsync(a);

        await using var stream = await raw.OpenStreamAsync(a.PeerId, ProtocolId, CancellationToken.None).WaitAsync(Bound);
        await ProtocolMessages.WriteAsync(stream.Output, new byte[] { 1, 2, 3 }, CancellationToken.None);
        await stream.Output.CompleteAsync();

        var response = await ProtocolMessages.ReadAsync(stream.Input, 1024, CancellationToken.None).AsTask().WaitAsync(Bound);
        Assert.Equal([3, 2, 1], response);

        // Straight after the response frame comes a clean end: no further byte, no reset.
        Assert.Null(await ProtocolMessages.ReadAsync(stream.Input, 1024, CancellationToken.None).AsTask().WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "RR-1.3")]
    public async Task Requester_takes_the_response_without_waiting_for_the_responders_close()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var raw = new ApplicationProtocols();
        raw.Register(ProtocolId, new ResponderThatLingers(Convert.FromHexString("03090807"), release.Task, closed));
        var client = new RequestResponseBehaviour<byte[], byte[]>(new BytesCodec([ProtocolId]), handler: null);
        await using var a = await RrNode.StartAsync(raw);
        await using var b = await RrNode.StartAsync(client);
        await b.ConnectAsync(a);

        try
        {
            // The responder keeps its side open until released, which happens only after the
            // request has completed: a requester waiting for the close would time out instead.
            var response = await client.SendRequestAsync(a.PeerId, [1], CancellationToken.None).WaitAsync(Bound);

            Assert.Equal([9, 8, 7], response);
            Assert.False(closed.Task.IsCompleted);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    [Trait("Clause", "RR-1.5")]
    public async Task Node_that_only_makes_requests_answers_na_to_every_protocol_id()
    {
        var requesterOnly = new RequestResponseBehaviour<byte[], byte[]>(new BytesCodec([ProtocolId, OlderProtocolId]), handler: null);
        var asker = new RequestResponseBehaviour<byte[], byte[]>(new BytesCodec([ProtocolId, OlderProtocolId]), handler: null);
        var server = new RequestResponseBehaviour<byte[], byte[]>(
            new BytesCodec([ProtocolId, OlderProtocolId]), (peer, request, ct) => ValueTask.FromResult(request));
        await using var a = await RrNode.StartAsync(requesterOnly);
        await using var b = await RrNode.StartAsync(asker);
        await using var c = await RrNode.StartAsync(server);
        await b.ConnectAsync(a);
        await a.ConnectAsync(c);

        Assert.Empty(requesterOnly.Protocols);
        Assert.DoesNotContain(ProtocolId, a.Swarm.SupportedProtocols);
        Assert.DoesNotContain(OlderProtocolId, a.Swarm.SupportedProtocols);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(
            () => asker.SendRequestAsync(a.PeerId, [1], CancellationToken.None).WaitAsync(Bound));
        Assert.Equal(RequestFailure.UnsupportedProtocol, ex.Reason);
        foreach (var protocol in new[] { ProtocolId, OlderProtocolId })
        {
            var refused = await Assert.ThrowsAsync<SwarmException>(
                () => b.Swarm.OpenStreamAsync(a.PeerId, [protocol], CancellationToken.None).WaitAsync(Bound));
            Assert.IsType<NegotiationFailedException>(refused.InnerException);
        }

        // The same behaviour still makes requests of its own.
        Assert.Equal([5], await requesterOnly.SendRequestAsync(c.PeerId, [5], CancellationToken.None).WaitAsync(Bound));
    }

    private static ApplicationProtocols RawOpener()
    {
        var raw = new ApplicationProtocols();
        raw.Register("/test/unused/1.0.0", (peer, message, ct) => ValueTask.CompletedTask);
        return raw;
    }

    /// <summary>Reads the request to its end, writes <c>reply</c> verbatim, then keeps its side open until released.</summary>
    private sealed class ResponderThatLingers(ReadOnlyMemory<byte> reply, Task release, TaskCompletionSource closed) : ProtocolHandler
    {
        public override async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
        {
            await ProtocolMessages.ReadToEndAsync(stream.Input, cancellationToken);
            await stream.Output.WriteAsync(reply, cancellationToken);
            await release.WaitAsync(cancellationToken);
            closed.TrySetResult();
            await stream.Output.CompleteAsync();
        }
    }
}
