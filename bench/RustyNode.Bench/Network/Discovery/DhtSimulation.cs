using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Discovery.Kademlia.Records;
using RustyNode.Network.Identity;

namespace RustyNode.Bench.Network.Discovery;

/// <summary>An in-process DHT of <c>size</c> nodes (every message through the codec), joined through node 0.</summary>
public sealed class DhtSimulation : IAsyncDisposable
{
    private DhtSimulation()
    {
    }

    public InProcessKadNetwork Network { get; } = new();

    public List<KademliaNode> Nodes { get; } = [];

    public static async Task<DhtSimulation> CreateAsync(int size, ulong seedBase = 50_000)
    {
        var simulation = new DhtSimulation();
        for (var i = 0; i < size; i++)
        {
            var peer = Ed25519PrivateKey.FromSeedNumber(seedBase + (ulong)i).PeerId;
            var address = InProcessKadNetwork.AddressOf(i);
            var validators = new RecordValidators().With(PublicKeyValidator.Namespace, new PublicKeyValidator());
            var node = new KademliaNode(peer, new KademliaOptions(), simulation.Network.MessengerFor(peer), validators, () => [address]);
            simulation.Network.Add(node, address);
            simulation.Nodes.Add(node);
        }

        for (var i = 1; i < size; i++)
        {
            await simulation.Nodes[i].AddSeedAsync(simulation.Nodes[0].LocalPeerId, [InProcessKadNetwork.AddressOf(0)], CancellationToken.None);
            await simulation.Nodes[i].BootstrapAsync(CancellationToken.None);
        }

        return simulation;
    }

    /// <summary>A node of the network and a peer it does not route through (random but reproducible from <paramref name="random"/>).</summary>
    public (KademliaNode From, PeerId Target) PickStranger(Random random)
    {
        while (true)
        {
            var from = Nodes[random.Next(Nodes.Count)];
            var target = Nodes[random.Next(Nodes.Count)];
            if (from != target && from.Routing.Get(target.LocalPeerId) is null)
            {
                return (from, target.LocalPeerId);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
