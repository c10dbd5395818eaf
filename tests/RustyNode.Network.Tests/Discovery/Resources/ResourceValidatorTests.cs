using System.Text;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Resources;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Discovery.Resources;

public class ResourceValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Ed25519PrivateKey Alice = Ed25519PrivateKey.FromSeedNumber(1);
    private static readonly Ed25519PrivateKey Mallory = Ed25519PrivateKey.FromSeedNumber(2);
    private readonly ResourceValidator _validator = new();

    [Fact]
    [Trait("Clause", "RES-1.1")]
    public void Record_keys_are_paths_and_provider_keys_sha256_multihashes_of_names()
    {
        Assert.Equal("/rusty/res/storage/disk-1", Encoding.UTF8.GetString(ResourceKeys.Resource("storage", "disk-1")));
        Assert.Equal($"/rusty/idx/storage/{Alice.PeerId}", Encoding.UTF8.GetString(ResourceKeys.Index("storage", Alice.PeerId)));
        var topic = ResourceKeys.Topic("blocks");
        Assert.Equal([0x12, 0x20], topic[..2]);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("/rusty/topic/blocks"u8), topic[2..]);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("/rusty/cap/relay"u8), ResourceKeys.Capability("relay")[2..]);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("/rusty/type/storage"u8), ResourceKeys.TypeProviders("storage")[2..]);
    }

    [Fact]
    [Trait("Clause", "RES-2.1")]
    public void The_signed_payload_has_a_fixed_encoding()
    {
        var set = new ResourceSet("/rusty/res/t/i"u8.ToArray(), 300, [new ResourceEntry("t", "i", [0xaa], 1000)]);

        // key (field 1), seq 300 (field 2), one entry (field 3: type "t", id "i", data aa, expires 1000).
        Assert.Equal("0a0e2f72757374792f7265732f742f6910ac021a0c0a01741201691a01aa20e807", Convert.ToHexStringLower(set.ToProtobuf()));
        var parsed = ResourceSet.Parse(set.ToProtobuf());
        Assert.Equal(set.Key, parsed.Key);
        Assert.Equal(300UL, parsed.Sequence);
        Assert.Equal(("t", "i", 1000UL), (parsed.Entries[0].Type, parsed.Entries[0].Id, parsed.Entries[0].ExpiresUnixSeconds));

        var (opened, signer) = ResourceSet.Open(set.Seal(Alice));
        Assert.Equal(Alice.PeerId, signer);
        Assert.Equal(300UL, opened.Sequence);
    }

    [Fact]
    [Trait("Clause", "RES-2.2")]
    public void Forged_misplaced_or_expired_records_are_invalid()
    {
        Assert.Null(_validator.Validate(Resource(Alice, "t", "i", 1, Now.AddHours(1)), Now));

        var tampered = Resource(Alice, "t", "i", 1, Now.AddHours(1));
        tampered.Value[^3] ^= 1;
        Assert.NotNull(_validator.Validate(tampered, Now));

        var moved = Resource(Alice, "t", "i", 1, Now.AddHours(1)) with { Key = Encoding.UTF8.GetBytes("/rusty/res/t/j") };
        Assert.NotNull(_validator.Validate(moved, Now));
        Assert.NotNull(_validator.Validate(Resource(Alice, "t", "i", 1, Now.AddSeconds(-1)), Now));
        Assert.NotNull(_validator.Validate(Resource(Alice, "t", "i", 1, Now.AddDays(8)), Now));

        var foreignIndex = Index(Mallory, owner: Alice.PeerId, "t", 1, Now.AddHours(1));
        Assert.NotNull(_validator.Validate(foreignIndex, Now));
        Assert.Null(_validator.Validate(Index(Alice, owner: Alice.PeerId, "t", 1, Now.AddHours(1)), Now));
        Assert.NotNull(_validator.Validate(new KadRecord("/rusty/other/t/i"u8.ToArray(), [1]), Now));
        Assert.Equal(Now.AddHours(1), _validator.GetExpiry(Resource(Alice, "t", "i", 1, Now.AddHours(1))));
    }

    [Fact]
    [Trait("Clause", "RES-2.3")]
    [Trait("Clause", "RES-2.4")]
    public void The_newest_sequence_wins_and_another_publisher_cannot_take_over_a_live_resource()
    {
        var first = Resource(Alice, "t", "i", 5, Now.AddHours(1));
        var newer = Resource(Alice, "t", "i", 9, Now.AddHours(1));
        var hijack = Resource(Mallory, "t", "i", 99, Now.AddHours(1));

        Assert.Equal(1, _validator.Select(first.Key, [first.Value, newer.Value]));
        Assert.True(_validator.MayReplace(first, newer));
        Assert.False(_validator.MayReplace(newer, first));
        Assert.False(_validator.MayReplace(first, hijack));
    }

    private static KadRecord Resource(Ed25519PrivateKey key, string type, string id, ulong sequence, DateTimeOffset expires)
    {
        var recordKey = ResourceKeys.Resource(type, id);
        var set = new ResourceSet(recordKey, sequence, [new ResourceEntry(type, id, [1, 2, 3], (ulong)expires.ToUnixTimeSeconds())]);
        return new KadRecord(recordKey, set.Seal(key));
    }

    private static KadRecord Index(Ed25519PrivateKey key, PeerId owner, string type, ulong sequence, DateTimeOffset expires)
    {
        var recordKey = ResourceKeys.Index(type, owner);
        var set = new ResourceSet(recordKey, sequence, [new ResourceEntry(type, "a", [1], (ulong)expires.ToUnixTimeSeconds())]);
        return new KadRecord(recordKey, set.Seal(key));
    }
}
