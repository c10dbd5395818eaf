using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Protection;
using static RustyNode.Network.Tests.Protection.PeerProtectionTests;

namespace RustyNode.Network.Tests.Protection;

/// <summary>
/// Budgets for unasked traffic on a fake clock: a peer over budget waits until the clock gives the
/// budget back, waiting costs it nothing, and only unasked traffic that keeps coming well past the
/// budget is penalised.
/// </summary>
public class BudgetTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    [Trait("Clause", "PROT-2.3")]
    public async Task A_peer_over_its_message_budget_waits_until_the_budget_refills_and_is_not_penalised()
    {
        var clock = NewClock();
        var protection = new PeerProtection(new ProtectionOptions { MessagesPerSecond = 10, MessageBurst = 10 }, PeerStore.InMemory(), timeProvider: clock);
        var peer = NewPeer();

        for (var i = 0; i < 10; i++)
        {
            Assert.True(protection.AcquireAsync(peer, null, CancellationToken.None).AsTask().IsCompletedSuccessfully);
        }

        var waiting = protection.AcquireAsync(peer, null, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, protection.GetScore(peer)!.Throttles);

        // The eleventh message owes a tenth of a second: half of it is not enough.
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        await waiting.WaitAsync(Bound);

        Assert.Equal(11, protection.GetScore(peer)!.MessagesIn);
        Assert.Equal(0, protection.GetReputation(peer));
    }

    [Fact]
    [Trait("Clause", "PROT-2.2")]
    public async Task A_protocol_budget_applies_only_to_its_protocol()
    {
        var clock = NewClock();
        var options = new ProtectionOptions();
        options.ProtocolLimits["/slow/1.0.0"] = new RateLimit(1, 1);
        var protection = new PeerProtection(options, PeerStore.InMemory(), timeProvider: clock);
        var peer = NewPeer();

        await protection.AcquireAsync(peer, "/slow/1.0.0", CancellationToken.None);
        await protection.AcquireAsync(peer, "/fast/1.0.0", CancellationToken.None);
        await protection.AcquireAsync(peer, "/fast/1.0.0", CancellationToken.None);
        Assert.Equal(0, protection.GetScore(peer)!.Throttles);

        // The second /slow message waits for the clock; /fast is not held up by it.
        var slow = protection.AcquireAsync(peer, "/slow/1.0.0", CancellationToken.None).AsTask();
        Assert.False(slow.IsCompleted);
        Assert.True(protection.AcquireAsync(peer, "/fast/1.0.0", CancellationToken.None).AsTask().IsCompletedSuccessfully);
        Assert.Equal(1, protection.GetScore(peer)!.Throttles);

        clock.Advance(TimeSpan.FromSeconds(1));
        await slow.WaitAsync(Bound);

        // A wait ends early only when its caller gives up.
        using var cancel = new CancellationTokenSource();
        var given = protection.AcquireAsync(peer, "/slow/1.0.0", cancel.Token).AsTask();
        Assert.False(given.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => given.WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "PROT-2.2")]
    public async Task A_protocol_may_ask_for_a_budget_but_configuration_wins()
    {
        var clock = NewClock();
        var options = new ProtectionOptions();
        options.ProtocolLimits["/configured/1.0.0"] = new RateLimit(1000, 1000);
        var protection = new PeerProtection(options, PeerStore.InMemory(), timeProvider: clock);
        var peer = NewPeer();

        protection.RequestProtocolLimit("/asking/1.0.0", 1, 1);
        protection.RequestProtocolLimit("/configured/1.0.0", 1, 1);
        await protection.AcquireAsync(peer, "/asking/1.0.0", CancellationToken.None);
        await protection.AcquireAsync(peer, "/configured/1.0.0", CancellationToken.None);
        await protection.AcquireAsync(peer, "/configured/1.0.0", CancellationToken.None);
        Assert.Equal(0, protection.GetScore(peer)!.Throttles);

        var asking = protection.AcquireAsync(peer, "/asking/1.0.0", CancellationToken.None).AsTask();
        Assert.False(asking.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await asking.WaitAsync(Bound);
        Assert.Equal(1, protection.GetScore(peer)!.Throttles);
    }

    [Fact]
    [Trait("Clause", "PROT-2.4")]
    public void Unasked_streams_that_keep_coming_past_the_allowance_cost_reputation()
    {
        var clock = NewClock();
        var options = new ProtectionOptions { MessagesPerSecond = 10, MessageBurst = 10, ExcessAllowance = TimeSpan.FromSeconds(1), ExcessPenalty = 5 };
        var protection = new PeerProtection(options, PeerStore.InMemory(), timeProvider: clock);
        var peer = NewPeer();
        var budget = protection.InboundBudget(peer);

        // The burst (10) and one second of rate (10) owed: slowed, not penalised.
        for (var i = 0; i < 20; i++)
        {
            budget.ChargeStream();
        }

        Assert.Equal(0, protection.GetReputation(peer));
        budget.ChargeStream();
        Assert.Equal(-5, protection.GetReputation(peer), 6);
        budget.ChargeStream();
        Assert.Equal(-10, protection.GetReputation(peer), 6);
        Assert.Equal(2, protection.GetScore(peer)!.ExcessMessages);

        // Once the debt is repaid, streams are within the budget again.
        clock.Advance(TimeSpan.FromSeconds(3));
        budget.ChargeStream();
        Assert.Equal(2, protection.GetScore(peer)!.ExcessMessages);
    }

    [Fact]
    [Trait("Clause", "PROT-2.2")]
    [Trait("Clause", "PROT-2.3")]
    [Trait("Clause", "PROT-2.4")]
    public async Task Unasked_bytes_put_the_peer_in_debt_and_a_stream_opened_deep_in_debt_is_excess()
    {
        var clock = NewClock();
        var options = new ProtectionOptions { BytesPerSecond = 1000, ByteBurst = 1000, ExcessAllowance = TimeSpan.FromSeconds(1), ExcessPenalty = 5 };
        var protection = new PeerProtection(options, PeerStore.InMemory(), timeProvider: clock);
        var peer = NewPeer();
        var budget = protection.InboundBudget(peer);
        Assert.True(budget.LimitsBytes);

        budget.ChargeBytes(1000);
        Assert.False(budget.IsOverByteBudget);
        budget.ChargeBytes(500);
        Assert.True(budget.IsOverByteBudget);
        var repaid = budget.WaitForByteBudgetAsync(CancellationToken.None).AsTask();
        Assert.False(repaid.IsCompleted);

        // Half a second owed is within the allowance: a new stream is only a message.
        budget.ChargeStream();
        Assert.Equal(0, protection.GetReputation(peer));
        budget.ChargeBytes(1000);
        budget.ChargeStream();
        Assert.Equal(-5, protection.GetReputation(peer), 6);

        clock.Advance(TimeSpan.FromSeconds(1.5));
        await repaid.WaitAsync(Bound);
        Assert.False(budget.IsOverByteBudget);
        Assert.Equal(1, protection.GetScore(peer)!.Throttles);
    }

    [Fact]
    [Trait("Clause", "PROT-1.2")]
    public void An_unlimited_byte_rate_never_owes()
    {
        var protection = new PeerProtection(
            new ProtectionOptions { BytesPerSecond = double.PositiveInfinity, ByteBurst = double.PositiveInfinity }, PeerStore.InMemory(), timeProvider: NewClock());
        var budget = protection.InboundBudget(NewPeer());

        budget.ChargeBytes(long.MaxValue / 1024);

        Assert.False(budget.LimitsBytes);
        Assert.False(budget.IsOverByteBudget);
        Assert.True(budget.WaitForByteBudgetAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully);
    }
}
