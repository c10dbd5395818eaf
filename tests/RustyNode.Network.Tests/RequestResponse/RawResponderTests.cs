using RustyNode.Network.Applications;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.RequestResponse;

/// <summary>Requests answered by a hand-written responder that breaks the rules on purpose.</summary>
public class RawResponderTests
{
    private const string ProtocolId = "/test/rr/1.0.0";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Clause", "RR-1.4")]
    public async Task Responder_that_closes_without_a_response_refuses_the_request()
    {
        var ex = await RequestAgainstAsync(new RawResponder(ReadOnlyMemory<byte>.Empty), new RecordingReporter());

        Assert.Equal(RequestFailure.Refused, ex.Reason);
    }

    [Fact]
    [Trait("Clause", "RR-3.4")]
    public async Task Response_with_a_bad_length_prefix_is_malformed_and_reported()
    {
        var reporter = new RecordingReporter();
        var ex = await RequestAgainstAsync(new RawResponder(Convert.FromHexString("800001")), reporter);

        Assert.Equal(RequestFailure.MalformedResponse, ex.Reason);
        Assert.Equal(PeerReportWeights.ProtocolViolation, Assert.Single(reporter.Reports).Weight);
    }

    [Fact]
    [Trait("Clause", "RR-1.4")]
    public async Task Response_cut_short_is_malformed()
    {
        var ex = await RequestAgainstAsync(new RawResponder(Convert.FromHexString("0a0102")), new RecordingReporter());

        Assert.Equal(RequestFailure.MalformedResponse, ex.Reason);
    }

    [Fact]
    [Trait("Clause", "RR-1.2")]
    public async Task Bytes_after_the_request_are_a_violation_and_the_stream_is_reset()
    {
        var reporter = new RecordingReporter();
        var served = 0;
        var server = new RequestResponseBehaviour<byte[], byte[]>(
            new BytesCodec([ProtocolId]),
            (peer, request, ct) =>
            {
                Interlocked.Increment(ref served);
                return ValueTask.FromResult(request);
            },
            reporter: reporter);
        var raw = new ApplicationProtocols();
        raw.Register("/test/unused/1.0.0", (peer, message, ct) => ValueTask.CompletedTask);
        await using var a = await RrNode.StartAsync(server);
        await using var b = await RrNode.StartAsync(raw);
        await b.ConnectAsync(a);

        await using var stream = await raw.OpenStreamAsync(a.PeerId, ProtocolId, CancellationToken.None).WaitAsync(Bound);
        await ProtocolMessages.WriteAsync(stream.Output, new byte[] { 1 }, CancellationToken.None);
        await ProtocolMessages.WriteAsync(stream.Output, new byte[] { 2 }, CancellationToken.None);
        await stream.Output.CompleteAsync();

        await Assert.ThrowsAnyAsync<IOException>(() => ProtocolMessages.ReadToEndAsync(stream.Input, CancellationToken.None).AsTask().WaitAsync(Bound));
        Assert.Equal(0, Volatile.Read(ref served));
        Assert.Equal((b.PeerId, PeerReportWeights.ProtocolViolation), (Assert.Single(reporter.Reports).Peer, reporter.Reports.Single().Weight));
    }

    private static async Task<RequestFailedException> RequestAgainstAsync(RawResponder responder, RecordingReporter reporter)
    {
        var raw = new ApplicationProtocols();
        raw.Register(ProtocolId, responder);
        var client = new RequestResponseBehaviour<byte[], byte[]>(new BytesCodec([ProtocolId]), handler: null, reporter: reporter);
        await using var a = await RrNode.StartAsync(raw);
        await using var b = await RrNode.StartAsync(client);
        await b.ConnectAsync(a);

        return await Assert.ThrowsAsync<RequestFailedException>(
            () => client.SendRequestAsync(a.PeerId, [1, 2, 3], CancellationToken.None).WaitAsync(Bound));
    }

    /// <summary>Reads the request to its end, writes <c>reply</c> verbatim and closes.</summary>
    private sealed class RawResponder(ReadOnlyMemory<byte> reply) : ProtocolHandler
    {
        public override async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
        {
            await ProtocolMessages.ReadToEndAsync(stream.Input, cancellationToken);
            if (!reply.IsEmpty)
            {
                await stream.Output.WriteAsync(reply, cancellationToken);
            }

            await stream.Output.CompleteAsync();
        }
    }
}
