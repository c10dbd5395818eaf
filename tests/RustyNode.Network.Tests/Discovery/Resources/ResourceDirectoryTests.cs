using System.Text;
using RustyNode.Network.Discovery.Resources;
using RustyNode.Network.Identity;
using RustyNode.Network.Tests.Discovery.Kademlia;

namespace RustyNode.Network.Tests.Discovery.Resources;

public class ResourceDirectoryTests
{
    [Fact]
    [Trait("Clause", "RES-3.1")]
    [Trait("Clause", "RES-3.2")]
    [Trait("Clause", "RES-3.3")]
    public async Task Resources_announced_on_several_nodes_are_got_and_discovered_from_others_until_they_expire()
    {
        await using var net = await KadTestNetwork.CreateAsync(25);
        var directories = new[] { 2, 7, 11 }.Select(i => Directory(net, i)).ToArray();
        await directories[0].AnnounceResourceAsync("storage", "disk-a", "10GB"u8.ToArray(), TimeSpan.FromHours(1), CancellationToken.None);
        await directories[0].AnnounceResourceAsync("storage", "disk-b", "20GB"u8.ToArray(), TimeSpan.FromHours(3), CancellationToken.None);
        await directories[1].AnnounceResourceAsync("storage", "tape-c", "1TB"u8.ToArray(), TimeSpan.FromHours(3), CancellationToken.None);
        await directories[2].AnnounceResourceAsync("compute", "gpu-1", "A100"u8.ToArray(), TimeSpan.FromHours(3), CancellationToken.None);

        var reader = Directory(net, 20);
        var got = await reader.GetResourceAsync("storage", "tape-c", CancellationToken.None);
        Assert.Equal("1TB", Encoding.UTF8.GetString(got!.Data));
        Assert.Equal(net.Nodes[7].LocalPeerId, got.Publisher);

        var storage = await reader.DiscoverResourcesAsync("storage", null, CancellationToken.None);
        Assert.Equal(["disk-a", "disk-b", "tape-c"], storage.Select(r => r.Id).Order());
        var disks = await reader.DiscoverResourcesAsync("storage", r => r.Id.StartsWith("disk", StringComparison.Ordinal), CancellationToken.None);
        Assert.Equal(["disk-a", "disk-b"], disks.Select(r => r.Id).Order());
        Assert.Equal(["gpu-1"], (await reader.DiscoverResourcesAsync("compute", null, CancellationToken.None)).Select(r => r.Id));

        net.Time.Advance(TimeSpan.FromHours(2));
        Assert.Null(await reader.GetResourceAsync("storage", "disk-a", CancellationToken.None));
        Assert.Equal(["disk-b", "tape-c"], (await reader.DiscoverResourcesAsync("storage", null, CancellationToken.None)).Select(r => r.Id).Order());
        net.Time.Advance(TimeSpan.FromHours(2));
        Assert.Empty(await reader.DiscoverResourcesAsync("storage", null, CancellationToken.None));
    }

    [Fact]
    [Trait("Clause", "RES-3.4")]
    [Trait("Clause", "RES-3.5")]
    public async Task Peers_announcing_a_capability_or_topic_are_found_by_it()
    {
        await using var net = await KadTestNetwork.CreateAsync(20);
        foreach (var i in new[] { 1, 5, 9 })
        {
            await Directory(net, i).AnnounceCapabilityAsync("relay", CancellationToken.None);
        }

        await Directory(net, 4).AnnounceTopicAsync("blocks", CancellationToken.None);

        var relays = await Directory(net, 15).FindCapabilityAsync("relay", 10, CancellationToken.None);
        Assert.Equal(new[] { 1, 5, 9 }.Select(i => net.Nodes[i].LocalPeerId).ToHashSet(), relays.Select(p => p.Id).ToHashSet());
        Assert.Empty(await Directory(net, 15).FindCapabilityAsync("miner", 10, CancellationToken.None));
        var topic = await Directory(net, 16).FindTopicProvidersAsync("blocks", 10, CancellationToken.None);
        Assert.Equal(net.Nodes[4].LocalPeerId, Assert.Single(topic).Id);
    }

    [Fact]
    [Trait("Clause", "RES-1.2")]
    [Trait("Clause", "RES-3.1")]
    public async Task Bad_announcements_are_refused_before_anything_is_sent()
    {
        await using var net = await KadTestNetwork.CreateAsync(2);
        using var directory = Directory(net, 1);
        var before = net.Network.Messages;

        await Assert.ThrowsAsync<ArgumentException>(() => directory.AnnounceResourceAsync("Storage", "x", new byte[1], TimeSpan.FromHours(1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => directory.AnnounceResourceAsync("storage", "a/b", new byte[1], TimeSpan.FromHours(1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => directory.AnnounceResourceAsync("storage", "x", new byte[ResourceLimits.MaxDataLength + 1], TimeSpan.FromHours(1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => directory.AnnounceResourceAsync("storage", "x", new byte[1], TimeSpan.FromDays(8), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => directory.AnnounceResourceAsync("storage", "x", new byte[1], TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(before, net.Network.Messages);
    }

    internal static ResourceDirectory Directory(KadTestNetwork net, int index) =>
        new(() => net.Nodes[index], Ed25519PrivateKey.FromSeedNumber(10_000 + (ulong)index), net.Time);
}
