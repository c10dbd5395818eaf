using RustyNode.Network.Protection;
using RustyNode.Network.RequestResponse;

namespace RustyNode.Network.Tests.Protection;

/// <summary>
/// Request/response bulk transfers between two nodes at the default budgets (1 MB/s of unasked
/// bytes per peer), on fake clocks: large answers flow at once because we asked for them; large
/// requests are unasked, so they wait for the responder's budget, and are never penalised.
/// </summary>
public class BulkTransferTests
{
    private const string Protocol = "/test/bulk/1.0.0";
    private const int AnswerBytes = 8 * 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Clause", "PROT-2.2")]
    [Trait("Clause", "PROT-2.3")]
    public async Task Bulk_answers_are_never_charged_and_bulk_requests_wait_for_the_budget_without_penalty()
    {
        var answer = new byte[AnswerBytes];
        Random.Shared.NextBytes(answer);
        var served = new RequestResponseBehaviour<byte[], byte[]>(
            new BytesCodec([Protocol]), (_, request, _) => ValueTask.FromResult(request.Length == 1 ? answer : [(byte)request.Length]));
        var asking = new RequestResponseBehaviour<byte[], byte[]>(new BytesCodec([Protocol]), handler: null);
        await using var responder = await ProtectedNode.StartAsync(new ProtectionOptions(), extra: [served]);
        await using var requester = await ProtectedNode.StartAsync(new ProtectionOptions(), extra: [asking]);
        await requester.Swarm.DialAsync(responder.Address, CancellationToken.None).WaitAsync(Timeout);

        // Eighty megabytes of answers with both clocks standing still: eighty seconds of a budget.
        for (var i = 0; i < 10; i++)
        {
            var got = await asking.SendRequestAsync(responder.PeerId, [1], CancellationToken.None).WaitAsync(Timeout);
            Assert.Equal(answer, got);
        }

        var requesterView = requester.Protection.GetScore(responder.PeerId)!;
        Assert.True(requesterView.BytesIn >= 10L * AnswerBytes);
        Assert.Equal(0, requesterView.Throttles);

        // Six requests of 1 MB each are unasked: past the 2 MB burst they wait for the responder's
        // clock, and go through as it gives the budget back.
        var uploads = Task.WhenAll(Enumerable.Range(0, 6).Select(_ => asking.SendRequestAsync(responder.PeerId, new byte[1_000_000], CancellationToken.None)));
        await ProtectedNode.EventuallyAsync(() => responder.Protection.GetScore(requester.PeerId)!.Throttles > 0, "the requests to be slowed");
        await responder.AdvanceUntilAsync(TimeSpan.FromMilliseconds(500), () => uploads.IsCompleted, "the requests to be answered");
        await uploads.WaitAsync(Timeout);
        Assert.Equal(0, responder.Protection.GetReputation(requester.PeerId));
        Assert.Equal(0, requester.Protection.GetReputation(responder.PeerId));
    }
}
