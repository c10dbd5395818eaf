using RustyNode.Network.Muxing.Yamux;

namespace RustyNode.Network.Tests.Muxing.Yamux;

public class InboundStreamIdWindowTests
{
    [Fact]
    [Trait("Clause", "YMX-2.2")]
    public void Out_of_order_ids_are_accepted_once_and_reuse_is_refused()
    {
        var window = new InboundStreamIdWindow();

        Assert.Null(window.TryUse(1));
        Assert.Null(window.TryUse(5));
        Assert.Null(window.TryUse(3));
        Assert.NotNull(window.TryUse(3));
        Assert.NotNull(window.TryUse(5));
        Assert.NotNull(window.TryUse(1));
        Assert.Null(window.TryUse(7));
    }

    [Fact]
    [Trait("Clause", "YMX-2.2")]
    public void Ids_far_below_the_highest_are_refused_and_the_window_slides()
    {
        var window = new InboundStreamIdWindow();
        Assert.Null(window.TryUse(2));
        var high = (uint)(2 * (YamuxLimits.StreamIdWindow + 10));

        Assert.Null(window.TryUse(high));

        Assert.NotNull(window.TryUse(4));
        Assert.Null(window.TryUse(high - 2));
        Assert.NotNull(window.TryUse(high - 2));
        Assert.Null(window.TryUse(high + 2 * (YamuxLimits.StreamIdWindow - 1)));
        Assert.Null(window.TryUse(high + 2));
    }

    [Fact]
    [Trait("Clause", "YMX-2.2")]
    public void Every_id_in_a_long_shuffled_run_is_accepted_exactly_once()
    {
        var random = new Random(7);
        var window = new InboundStreamIdWindow();
        var ids = Enumerable.Range(0, 20_000).Select(i => (uint)(2 * i + 1)).ToArray();

        // Shuffle only locally (within 64 places), as out-of-order SYNs do.
        for (var i = 0; i < ids.Length; i++)
        {
            var j = Math.Min(ids.Length - 1, i + random.Next(64));
            (ids[i], ids[j]) = (ids[j], ids[i]);
        }

        foreach (var id in ids)
        {
            Assert.Null(window.TryUse(id));
        }

        foreach (var id in ids.TakeLast(100))
        {
            Assert.NotNull(window.TryUse(id));
        }
    }
}
