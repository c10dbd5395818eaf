using Microsoft.Extensions.Time.Testing;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Discovery.Kademlia.Records;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Discovery.Kademlia;

/// <summary>DHT nodes in one process on a fake clock, joined through the first node as in a bootstrap.</summary>
internal sealed class KadTestNetwork : IAsyncDisposable
{
    private KadTestNetwork()
    {
    }

    public InProcessKadNetwork Network { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public List<KademliaNode> Nodes { get; } = [];

    public static RecordValidators Validators() => new RecordValidators()
        .With(PublicKeyValidator.Namespace, new PublicKeyValidator())
        .With(VersionedValidator.Namespace, new VersionedValidator())
        .With(global::RustyNode.Network.Discovery.Resources.ResourceKeys.Namespace, new global::RustyNode.Network.Discovery.Resources.ResourceValidator());

    /// <summary>Creates <paramref name="count"/> nodes; unless <paramref name="join"/> is false each joins through node 0.</summary>
    public static async Task<KadTestNetwork> CreateAsync(int count, Action<KademliaOptions>? configure = null, bool join = true, ulong seedBase = 10_000)
    {
        var network = new KadTestNetwork();
        for (var i = 0; i < count; i++)
        {
            network.AddNode(seedBase + (ulong)i, configure);
        }

        if (join)
        {
            for (var i = 1; i < count; i++)
            {
                await network.JoinAsync(network.Nodes[i]);
            }
        }

        return network;
    }

    public KademliaNode AddNode(ulong seed, Action<KademliaOptions>? configure = null)
    {
        var options = new KademliaOptions();
        configure?.Invoke(options);
        var peer = Ed25519PrivateKey.FromSeedNumber(seed).PeerId;
        var index = Nodes.Count;
        var node = new KademliaNode(peer, options, Network.MessengerFor(peer), Validators(), () => [InProcessKadNetwork.AddressOf(index)], Time);
        Network.Add(node, InProcessKadNetwork.AddressOf(index));
        Nodes.Add(node);
        return node;
    }

    public async Task JoinAsync(KademliaNode node)
    {
        Assert.True(await node.AddSeedAsync(Nodes[0].LocalPeerId, [InProcessKadNetwork.AddressOf(0)], CancellationToken.None));
        await node.BootstrapAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
