using RustyNode.Network.Protection;

namespace RustyNode.Network.Tests.Protection;

public class TokenBucketTests
{
    // Timestamps of a fake clock: the bucket is pure arithmetic on them, no timer involved.
    private static readonly long Frequency = PeerProtectionTests.NewClock().TimestampFrequency;
    private static readonly long Start = PeerProtectionTests.NewClock().GetTimestamp();

    [Fact]
    [Trait("Clause", "PROT-2.1")]
    public void A_quiet_bucket_gives_its_burst_at_once_and_then_refuses()
    {
        var bucket = new TokenBucket(tokensPerSecond: 10, burst: 5, Frequency);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(bucket.TryTake(1, Start));
        }

        Assert.False(bucket.TryTake(1, Start));
        Assert.Equal(0, bucket.Available(Start), 6);
    }

    [Fact]
    [Trait("Clause", "PROT-2.1")]
    public void Tokens_come_back_at_the_rate_and_never_beyond_the_burst()
    {
        var bucket = new TokenBucket(tokensPerSecond: 10, burst: 5, Frequency);
        Assert.True(bucket.TryTake(5, Start));

        Assert.False(bucket.TryTake(2, Start + (Frequency / 10)));
        Assert.True(bucket.TryTake(2, Start + (2 * Frequency / 10)));
        Assert.True(bucket.IsFull(Start + (10 * Frequency)));
        Assert.Equal(5, bucket.Available(Start + (10 * Frequency)), 6);
        Assert.False(bucket.TryTake(6, Start + (10 * Frequency)));
    }

    [Fact]
    [Trait("Clause", "PROT-2.1")]
    public void Take_goes_into_debt_and_says_how_long_until_it_is_repaid()
    {
        var bucket = new TokenBucket(tokensPerSecond: 100, burst: 100, Frequency);

        Assert.Equal(0, bucket.Take(100, Start));
        var wait = bucket.Take(50, Start);

        Assert.Equal(Frequency / 2, wait);
        Assert.Equal(Frequency / 2, bucket.TicksUntil(0, Start));
        Assert.Equal(0, bucket.TicksUntil(0, Start + (Frequency / 2)));
        Assert.Equal(-50, bucket.Available(Start), 6);
    }

    [Fact]
    [Trait("Clause", "PROT-2.1")]
    public void An_infinite_rate_is_never_in_debt()
    {
        var bucket = new TokenBucket(double.PositiveInfinity, double.PositiveInfinity, Frequency);

        Assert.Equal(0, bucket.Take(long.MaxValue / 1024, Start));
        Assert.True(bucket.TryTake(1_000_000_000, Start));
        Assert.Equal(0, bucket.TicksUntil(0, Start));
    }

    [Fact]
    [Trait("Clause", "PROT-2.1")]
    public async Task Concurrent_takers_never_get_more_than_the_burst()
    {
        var bucket = new TokenBucket(tokensPerSecond: 1, burst: 1000, Frequency);
        var granted = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                if (bucket.TryTake(1, Start))
                {
                    Interlocked.Increment(ref granted);
                }
            }
        }))).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1000, granted);
    }
}
