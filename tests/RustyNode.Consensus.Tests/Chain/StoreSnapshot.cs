using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;

namespace RustyNode.Consensus.Tests.Chain;

/// <summary>Everything observable about the stored chain, to show a rejection changed nothing.</summary>
internal sealed record StoreSnapshot(ChainInfo Info, int Headers, Dictionary<OutPoint, Coin> Coins, int Mempool)
{
    public static StoreSnapshot Take(ChainService service) => new(
        service.GetChainInfo(),
        service.Chain.HeaderCount,
        service.Chain.Store.LoadAllCoins(),
        service.GetMempoolInfo().Count);

    public void AssertUnchanged(ChainService service)
    {
        var now = Take(service);
        Assert.Equal(Info, now.Info);
        Assert.Equal(Headers, now.Headers);
        Assert.Equal(Mempool, now.Mempool);
        Assert.Equal(Coins.Count, now.Coins.Count);
        foreach (var (outPoint, coin) in Coins)
        {
            Assert.True(now.Coins.TryGetValue(outPoint, out var other));
            Assert.Equal(coin.Output.Value, other.Output.Value);
            Assert.Equal(coin.Height, other.Height);
        }
    }
}
