using BenchmarkDotNet.Attributes;
using RustyNode.Network.Addressing;

namespace RustyNode.Bench.Network.Addressing;

/// <summary>Multiaddr text and binary decoding and formatting.</summary>
[MemoryDiagnoser]
public class MultiaddrBenchmarks
{
    private const string Text = "/ip4/127.0.0.1/tcp/4001/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";
    private static readonly byte[] Binary = Multiaddr.Parse(Text).ToBytes();
    private static readonly byte[] IpTcp = Multiaddr.Parse("/ip4/127.0.0.1/tcp/4001").ToBytes();

    [Benchmark(Baseline = true)]
    public Multiaddr FromBytesIpTcp() => Multiaddr.FromBytes(IpTcp);

    [Benchmark]
    public Multiaddr FromBytesWithPeerId() => Multiaddr.FromBytes(Binary);

    [Benchmark]
    public Multiaddr ParseTextWithPeerId() => Multiaddr.Parse(Text);

    [Benchmark]
    public string FormatWithPeerId() => Multiaddr.FromBytes(Binary).ToString();
}
