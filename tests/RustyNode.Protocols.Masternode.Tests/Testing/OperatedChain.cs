using System.Net;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.Masternode.Tests.Testing;

/// <summary>
/// A regtest chain whose own keyring operates its masternodes (register_masternodes, MNL-8.2): coins
/// mined to maturity past the activation height, then masternodes registered at the services a test
/// names and mined. The node running on this chain answers PoSe challenges and signs updates for them.
/// </summary>
public sealed class OperatedChain : IDisposable
{
    private readonly TempChain _temp;

    public OperatedChain(TimeProvider? time = null)
    {
        _temp = new TempChain(time);
        var generated = Chain.Generate(ChainParameters.Regtest.CoinbaseMaturity + 10);
        Assert.True(generated.Accepted, generated.Reason);
    }

    public Consensus.Service.ChainService Chain => _temp.Chain;

    public int Height => Chain.BestHeader.Height;

    /// <summary>Registers <paramref name="count"/> masternodes at <paramref name="first"/> and the addresses after it (same port) and mines them.</summary>
    public IReadOnlyList<Hash256> Register(int count, IPEndPoint first)
    {
        var result = Chain.RegisterMasternodes(count, ServiceAddress.Create(first.Address, first.Port));
        Assert.True(result.Accepted, result.Reason);
        Mine(1);
        return [.. result.Ids.Select(Hash256.Parse)];
    }

    /// <summary>Mines <paramref name="blocks"/> blocks with what the mempool holds.</summary>
    public void Mine(int blocks)
    {
        var generated = Chain.Generate(blocks);
        Assert.True(generated.Accepted, generated.Reason);
    }

    public void Dispose() => _temp.Dispose();
}
