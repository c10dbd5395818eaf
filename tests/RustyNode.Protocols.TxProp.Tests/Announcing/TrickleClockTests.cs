using Microsoft.Extensions.Time.Testing;
using RustyNode.Protocols.TxProp.Announcing;

namespace RustyNode.Protocols.TxProp.Tests.Announcing;

public sealed class TrickleClockTests
{
    [Fact]
    [Trait("Clause", "TX-3.2")]
    public void Delays_are_exponential_with_the_configured_means()
    {
        var time = new FakeTimeProvider();
        var clock = new TrickleClock(new TxPropOptions(), new Random(11), time.GetUtcNow());
        var outbound = Enumerable.Range(0, 20_000).Select(_ => (clock.NextOutbound(time.GetUtcNow()) - time.GetUtcNow()).TotalSeconds).ToList();
        Assert.InRange(outbound.Average(), 1.9, 2.1);
        // An exponential distribution: about 1 - 1/e of the delays are under the mean.
        Assert.InRange(outbound.Count(d => d < 2.0) / 20_000.0, 0.61, 0.65);
        var inbound = new List<double>();
        var last = time.GetUtcNow();
        while (inbound.Count < 2_000)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            if (clock.TryFireInbound(time.GetUtcNow()))
            {
                inbound.Add((time.GetUtcNow() - last).TotalSeconds);
                last = time.GetUtcNow();
            }
        }

        Assert.InRange(inbound.Average(), 4.7, 5.4);
    }

    [Fact]
    [Trait("Clause", "TX-3.2")]
    public void Inbound_peers_share_one_timer()
    {
        var time = new FakeTimeProvider();
        var clock = new TrickleClock(new TxPropOptions(), new Random(5), time.GetUtcNow());
        var next = clock.NextInbound;
        time.SetUtcNow(next);
        Assert.True(clock.TryFireInbound(time.GetUtcNow()));
        Assert.False(clock.TryFireInbound(time.GetUtcNow()));
        Assert.True(clock.NextInbound > next);
    }
}
