using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Tests.Protection;
using RustyNode.Network.Tests.Testing;

namespace RustyNode.Network.Tests.ConnectionManagement;

public class PeerStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    [Trait("Clause", "CM-4.1")]
    [Trait("Clause", "CM-4.2")]
    public void A_saved_store_reads_back_the_same_and_leaves_no_temporary_file()
    {
        using var directory = new TempDirectory("rustynode-peerstore-");
        var store = PeerStore.Open(directory.Path);
        var peer = PeerProtectionTests.NewPeer();
        var address = Multiaddr.Parse("/ip4/10.0.0.1/tcp/4001");
        store.AddAddress(peer, address, Now);
        store.Update(peer, r => r with { Score = -12.5, BannedUntil = Now.AddHours(1), BanReason = "flood" });

        store.Save();
        var again = PeerStore.Open(directory.Path).Get(peer)!;

        Assert.Equal([address], again.Addresses);
        Assert.Equal(Now, again.LastSeen);
        Assert.Equal(-12.5, again.Score);
        Assert.Equal(Now.AddHours(1), again.BannedUntil);
        Assert.Equal("flood", again.BanReason);
        Assert.Equal([PeerStore.FileName], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    [Trait("Clause", "CM-4.3")]
    public void Addresses_are_newest_first_without_duplicates_and_bounded()
    {
        var store = PeerStore.InMemory();
        var peer = PeerProtectionTests.NewPeer();

        for (var i = 0; i < ConnectionManagementLimits.MaxAddressesPerPeer + 5; i++)
        {
            store.AddAddress(peer, Multiaddr.Parse($"/ip4/10.0.0.{i}/tcp/4001"), Now);
        }

        store.AddAddress(peer, Multiaddr.Parse("/ip4/10.0.0.3/tcp/4001"), Now);
        var addresses = store.Get(peer)!.Addresses;

        Assert.Equal(ConnectionManagementLimits.MaxAddressesPerPeer, addresses.Count);
        Assert.Equal("/ip4/10.0.0.3/tcp/4001", addresses[0].ToString());
        Assert.Equal(addresses.Count, addresses.Distinct().Count());
    }

    [Theory]
    [Trait("Clause", "CM-4.4")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"version\":99,\"peers\":[]}")]
    public void A_file_that_is_not_a_peer_store_is_refused_with_a_clear_error(string content)
    {
        using var directory = new TempDirectory("rustynode-peerstore-");
        File.WriteAllText(Path.Combine(directory.Path, PeerStore.FileName), content);

        var error = Assert.Throws<InvalidDataException>(() => PeerStore.Open(directory.Path));

        Assert.Contains(PeerStore.FileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "CM-4.4")]
    public void Entries_with_a_bad_peer_id_or_address_are_skipped()
    {
        using var directory = new TempDirectory("rustynode-peerstore-");
        var peer = PeerProtectionTests.NewPeer();
        File.WriteAllText(
            Path.Combine(directory.Path, PeerStore.FileName),
            $"{{\"version\":1,\"peers\":[{{\"peer\":\"nope\"}},{{\"peer\":\"{peer}\",\"addrs\":[\"/bogus\",\"/ip4/1.2.3.4/tcp/1\"],\"score\":2}}]}}");

        var store = PeerStore.Open(directory.Path);

        var record = Assert.Single(store.Records);
        Assert.Equal(peer, record.Peer);
        Assert.Equal("/ip4/1.2.3.4/tcp/1", Assert.Single(record.Addresses).ToString());
    }
}
