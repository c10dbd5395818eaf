using System.Security.Cryptography;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.TxProp.Announcing;

namespace RustyNode.Protocols.TxProp.Tests.Announcing;

public sealed class RollingTxIdFilterTests
{
    /// <summary>
    /// 100,000 ids held, 300,000 others asked: with 64-bit keys a false "known" is about 2^-64 per
    /// pair (none expected); with the old keys, which were 32-bit in effect, about 7 were expected
    /// here, each one a transaction never announced to that peer.
    /// </summary>
    [Fact]
    [Trait("Clause", "TX-3.3")]
    public void An_id_never_added_is_not_reported_known()
    {
        var filter = new RollingTxIdFilter(200_000);
        for (var i = 0; i < 100_000; i++)
        {
            Assert.True(filter.Add(RandomId()));
        }

        var falseKnown = Enumerable.Range(0, 300_000).Count(_ => filter.Contains(RandomId()));
        Assert.Equal(0, falseKnown);
    }

    [Fact]
    [Trait("Clause", "TX-3.3")]
    public void The_last_capacity_ids_are_remembered_and_older_ones_roll_out()
    {
        var filter = new RollingTxIdFilter(1_000);
        var ids = Enumerable.Range(0, 3_000).Select(_ => RandomId()).ToList();
        foreach (var id in ids)
        {
            filter.Add(id);
        }

        Assert.All(ids.TakeLast(1_000), id => Assert.True(filter.Contains(id)));
        Assert.False(filter.Contains(ids[0]));
        Assert.False(filter.Add(ids[^1]));
    }

    private static Hash256 RandomId() => new(RandomNumberGenerator.GetBytes(Hash256.Size));
}
