using System.Text;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Records;
using RustyNode.Network.Discovery.Kademlia.Routing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Discovery.Kademlia;

public class KadRecordTests
{
    [Fact]
    [Trait("Clause", "KAD-3.6")]
    [Trait("Clause", "KAD-3.7")]
    [Trait("Clause", "KAD-4.3")]
    public async Task A_value_put_on_one_node_is_read_from_every_other()
    {
        await using var net = await KadTestNetwork.CreateAsync(30);
        var record = new KadRecord(VersionedValidator.Key("greeting"), [1, .. "hello"u8]);

        var stored = await net.Nodes[4].PutValueAsync(record, CancellationToken.None);

        Assert.Equal(20, stored);
        var holders = net.Nodes.Where(n => n.Records.Get(record.Key, net.Time.GetUtcNow()) is not null).ToArray();
        var target = KadKey.Hash(record.Key);
        var expected = net.Nodes.Where(n => n != net.Nodes[4]).OrderBy(n => KadKey.ForPeer(n.LocalPeerId).Xor(target)).Take(20);
        Assert.Superset(expected.ToHashSet(), holders.ToHashSet());
        foreach (var reader in net.Nodes.Where((_, i) => i % 3 == 0))
        {
            var result = await reader.GetValueAsync(record.Key, CancellationToken.None);
            Assert.Equal(record.Value, result.Record!.Value);
        }
    }

    [Fact]
    [Trait("Clause", "KAD-5.3")]
    public async Task Invalid_records_and_unknown_namespaces_are_refused_as_protocol_errors()
    {
        await using var net = await KadTestNetwork.CreateAsync(2);
        var from = net.Nodes[1].LocalPeerId;
        var server = net.Nodes[0];

        KadMessage Put(KadRecord record) => new(KadMessageType.PutValue, record.Key, record, [], []);

        Assert.Throws<KadProtocolException>(() => server.HandleRequest(from, Put(new KadRecord(VersionedValidator.Key("x"), [0]))));
        Assert.Throws<KadProtocolException>(() => server.HandleRequest(from, Put(new KadRecord("/nobody/x"u8.ToArray(), [1]))));
        Assert.Throws<KadProtocolException>(() => server.HandleRequest(from, Put(new KadRecord("no-namespace"u8.ToArray(), [1]))));
        Assert.Throws<KadProtocolException>(() => server.HandleRequest(from, new KadMessage(KadMessageType.PutValue, VersionedValidator.Key("a"), new KadRecord(VersionedValidator.Key("b"), [1]), [], [])));
        Assert.Throws<KadProtocolException>(() => server.HandleRequest(from, KadMessage.Request(KadMessageType.PutValue, VersionedValidator.Key("a"))));
        Assert.Throws<KadProtocolException>(() => server.HandleRequest(from, KadMessage.Request(KadMessageType.GetValue, [])));
        await Assert.ThrowsAsync<ArgumentException>(() => server.PutValueAsync(new KadRecord(VersionedValidator.Key("x"), [0]), CancellationToken.None));
        Assert.Equal(0, server.Records.Count);
    }

    [Fact]
    [Trait("Clause", "KAD-5.5")]
    public async Task Public_key_records_must_name_the_key_of_their_peer()
    {
        var key = Ed25519PrivateKey.FromSeedNumber(4).PublicKey;
        var other = Ed25519PrivateKey.FromSeedNumber(5).PublicKey;
        var validator = new PublicKeyValidator();
        var now = DateTimeOffset.UnixEpoch;

        Assert.Null(validator.Validate(PublicKeyValidator.RecordFor(key), now));
        Assert.NotNull(validator.Validate(new KadRecord(PublicKeyValidator.KeyFor(key.ToPeerId()), other.ToProtobuf()), now));
        Assert.NotNull(validator.Validate(new KadRecord("/pk/xyz"u8.ToArray(), key.ToProtobuf()), now));
        Assert.NotNull(validator.Validate(new KadRecord(PublicKeyValidator.KeyFor(key.ToPeerId()), [1, 2, 3]), now));

        await using var net = await KadTestNetwork.CreateAsync(10);
        await net.Nodes[1].PutValueAsync(PublicKeyValidator.RecordFor(key), CancellationToken.None);
        var found = await net.Nodes[7].GetValueAsync(PublicKeyValidator.KeyFor(key.ToPeerId()), CancellationToken.None);
        Assert.Equal(key, PublicKey.FromProtobuf(found.Record!.Value));
    }

    [Fact]
    [Trait("Clause", "KAD-3.7")]
    public async Task A_lookup_picks_the_best_record_and_corrects_holders_of_a_worse_one()
    {
        await using var net = await KadTestNetwork.CreateAsync(25, o => o.GetValueQuorum = 25);
        var key = VersionedValidator.Key("counter");
        await net.Nodes[2].PutValueAsync(new KadRecord(key, [1]), CancellationToken.None);
        var stale = net.Nodes.Where(n => n.Records.Get(key, net.Time.GetUtcNow()) is not null && n != net.Nodes[2]).Take(5).ToArray();
        foreach (var holder in net.Nodes.Where(n => n.Records.Get(key, net.Time.GetUtcNow()) is not null).Except(stale))
        {
            holder.StoreRecord(new KadRecord(key, [7]), net.Time.GetUtcNow(), local: false);
        }

        var result = await net.Nodes[20].GetValueAsync(key, CancellationToken.None);

        Assert.Equal([7], result.Record!.Value);
        Assert.All(stale, n => Assert.Equal([7], n.Records.Get(key, net.Time.GetUtcNow())!.Record.Value));
    }

    [Fact]
    [Trait("Clause", "KAD-5.4")]
    public async Task Records_expire_after_their_lifetime_counted_from_their_publication()
    {
        await using var net = await KadTestNetwork.CreateAsync(2);
        var node = net.Nodes[0];
        var from = net.Nodes[1].LocalPeerId;
        var now = net.Time.GetUtcNow();
        var key = VersionedValidator.Key("t");
        var published = now.AddHours(-30);
        var put = new KadRecord(key, [1], Rfc3339.ToText(published));
        Assert.Equal("2025-12-30T18:00:00.000000000Z", put.TimeReceived);

        node.HandleRequest(from, new KadMessage(KadMessageType.PutValue, key, put, [], []));

        var stored = node.Records.Get(key, now)!;
        Assert.Equal(published, stored.Published);
        Assert.Equal(published + node.Options.RecordTtl, stored.Expires);
        var answer = node.HandleRequest(from, KadMessage.Request(KadMessageType.GetValue, key))!;
        Assert.Equal(put.TimeReceived, answer.Record!.TimeReceived);

        net.Time.Advance(TimeSpan.FromHours(6));
        Assert.Null(node.HandleRequest(from, KadMessage.Request(KadMessageType.GetValue, key))!.Record);

        // A timeReceived in the future or unreadable counts as now.
        var future = new KadRecord(VersionedValidator.Key("f"), [1], Rfc3339.ToText(net.Time.GetUtcNow().AddDays(3)));
        node.HandleRequest(from, new KadMessage(KadMessageType.PutValue, future.Key, future, [], []));
        Assert.Equal(net.Time.GetUtcNow(), node.Records.Get(future.Key, net.Time.GetUtcNow())!.Published);
    }

    [Fact]
    [Trait("Clause", "KAD-6.3")]
    public async Task Replication_restores_copies_lost_with_their_holders_and_publishers_refresh_their_records()
    {
        await using var net = await KadTestNetwork.CreateAsync(36);
        var publisher = net.Nodes[0];
        var key = VersionedValidator.Key("durable");
        await publisher.PutValueAsync(new KadRecord(key, [3]), CancellationToken.None);
        var holders = Holders(net, key);
        foreach (var lost in holders.Where(h => h != publisher).Take(10))
        {
            net.Network.TakeDown(lost.LocalPeerId);
        }

        // An hour passes: refresh rounds (which drop peers that fail twice), then the replication round.
        var live = net.Nodes.Where(n => net.Network.IsUp(n.LocalPeerId)).ToArray();
        for (var round = 0; round < 2; round++)
        {
            net.Time.Advance(publisher.Options.RefreshInterval);
            foreach (var node in live)
            {
                await node.RefreshAsync(CancellationToken.None);
            }
        }

        net.Time.Advance(publisher.Options.ReplicationInterval - (2 * publisher.Options.RefreshInterval));
        foreach (var node in live)
        {
            await node.ReplicateAsync(CancellationToken.None);
        }

        var alive = Holders(net, key).Count(h => net.Network.IsUp(h.LocalPeerId));
        Assert.True(alive >= 20, $"{alive} live holders after replication (of {holders.Length} before, 10 lost)");

        // Past the lifetime of the first publication the record lives on, because its publisher published it again.
        for (var hour = 2; hour <= 40; hour++)
        {
            net.Time.Advance(TimeSpan.FromHours(1));
            await publisher.ReplicateAsync(CancellationToken.None);
        }

        var result = await net.Nodes[30].GetValueAsync(key, CancellationToken.None);
        Assert.Equal([3], result.Record!.Value);
    }

    [Fact]
    [Trait("Clause", "KAD-3.8")]
    [Trait("Clause", "KAD-4.4")]
    [Trait("Clause", "KAD-5.2")]
    public async Task Providers_are_announced_found_and_expire_and_nobody_announces_for_another()
    {
        await using var net = await KadTestNetwork.CreateAsync(30);
        var key = Network.Multiformats.Multihash.Sha256(Encoding.UTF8.GetBytes("/rusty/topic/blocks"));

        Assert.Equal(20, await net.Nodes[3].ProvideAsync(key, CancellationToken.None));
        Assert.Equal(20, await net.Nodes[9].ProvideAsync(key, CancellationToken.None));

        var found = await net.Nodes[25].FindProvidersAsync(key, 10, CancellationToken.None);
        Assert.Equal(
            new[] { net.Nodes[3].LocalPeerId, net.Nodes[9].LocalPeerId }.ToHashSet(),
            found.Select(p => p.Id).ToHashSet());
        Assert.All(found, p => Assert.NotEmpty(p.Addresses));

        var liar = net.Nodes[5];
        var victim = net.Nodes[6].LocalPeerId;
        net.Nodes[0].HandleRequest(liar.LocalPeerId, new KadMessage(KadMessageType.AddProvider, key, null, [], [new KadPeer(victim, [InProcessKadNetwork.AddressOf(6)])]));
        Assert.DoesNotContain(net.Nodes[0].Providers.Get(key, net.Time.GetUtcNow()), p => p.Peer == victim);

        net.Time.Advance(net.Nodes[0].Options.ProviderTtl);
        Assert.Empty(await net.Nodes[25].FindProvidersAsync(key, 10, CancellationToken.None));
    }

    [Fact]
    [Trait("Clause", "KAD-5.1")]
    [Trait("Clause", "KAD-5.2")]
    public void Stores_are_bounded()
    {
        var now = DateTimeOffset.UnixEpoch;
        var records = new RecordStore();
        for (var i = 0; i < KadLimits.MaxRecords; i++)
        {
            Assert.True(records.Put(new StoredRecord(new KadRecord(BitConverter.GetBytes(i), [1]), now, now.AddHours(1), now, false)));
        }

        Assert.False(records.Put(new StoredRecord(new KadRecord([9, 9, 9, 9, 9], [1]), now, now.AddHours(1), now, false)));
        Assert.True(records.Put(new StoredRecord(new KadRecord(BitConverter.GetBytes(0), [2]), now, now.AddHours(1), now, false)));

        var providers = new ProviderStore();
        for (var i = 0; i < KadLimits.MaxProvidersPerKey + 10; i++)
        {
            providers.Add([1], Ed25519PrivateKey.FromSeedNumber((ulong)i + 1).PeerId, [], now.AddMinutes(i + 1));
        }

        var kept = providers.Get([1], now);
        Assert.Equal(KadLimits.MaxProvidersPerKey, kept.Count);
        Assert.DoesNotContain(kept, p => p.Expires <= now.AddMinutes(10));
        var one = Ed25519PrivateKey.FromSeedNumber(1).PeerId;
        for (var i = 1; i < KadLimits.MaxProviderKeys; i++)
        {
            Assert.True(providers.Add(BitConverter.GetBytes(i), one, [], now.AddHours(1)));
        }

        Assert.False(providers.Add([7, 7, 7, 7, 7], one, [], now.AddHours(1)));
    }

    private static KademliaNode[] Holders(KadTestNetwork net, byte[] key) =>
        net.Nodes.Where(n => n.Records.Get(key, net.Time.GetUtcNow()) is not null).ToArray();
}
