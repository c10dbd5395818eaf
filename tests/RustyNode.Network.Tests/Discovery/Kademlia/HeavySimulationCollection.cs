namespace RustyNode.Network.Tests.Discovery.Kademlia;

/// <summary>
/// CPU-heavy DHT simulations run alone, after the parallel tests, so they neither slow the
/// timing-bounded tests of other areas nor are slowed by them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavySimulationCollection
{
    public const string Name = "DHT simulations";
}
