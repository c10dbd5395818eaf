using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Identity;

public sealed class PeerRecordTests : IDisposable
{
    // /ip4/127.0.0.1/tcp/4001 and /ip6/::1/tcp/4001 in binary multiaddr form.
    private static readonly byte[] Ip4Address = Convert.FromHexString("047f000001060fa1");
    private static readonly byte[] Ip6Address = Convert.FromHexString("2900000000000000000000000000000001060fa1");

    private readonly Ed25519PrivateKey _key = Ed25519PrivateKey.FromSeedNumber(1);

    public void Dispose() => _key.Dispose();

    [Fact]
    [Trait("Clause", "ID-4.2")]
    public void Record_protobuf_golden_layout()
    {
        var record = new PeerRecord(_key.PeerId, 300, [Ip4Address]);
        var id = _key.PeerId.ToBytes();
        var expected = Convert.ToHexStringLower([0x0A, (byte)id.Length, .. id, 0x10, 0xAC, 0x02, 0x1A, 0x0A, 0x0A, 0x08, .. Ip4Address]);
        Assert.Equal(expected, Convert.ToHexStringLower(record.ToProtobuf()));
        var parsed = PeerRecord.FromProtobuf(record.ToProtobuf());
        Assert.Equal(_key.PeerId, parsed.PeerId);
        Assert.Equal(300UL, parsed.Seq);
        Assert.Equal(Ip4Address, Assert.Single(parsed.Addresses));
    }

    [Fact]
    [Trait("Clause", "ID-4.1")]
    [Trait("Clause", "ID-4.3")]
    public void Sealed_record_opens_with_domain_and_payload_type_checked()
    {
        var envelope = new PeerRecord(_key.PeerId, 1, [Ip4Address, Ip6Address]).Seal(_key);
        Assert.Equal(new byte[] { 0x03, 0x01 }, envelope.PayloadType);
        var record = PeerRecord.Open(envelope.ToBytes());
        Assert.Equal(_key.PeerId, record.PeerId);
        Assert.Equal(2, record.Addresses.Count);
        Assert.Throws<InvalidKeyException>(() => SignedEnvelope.Open(envelope.ToBytes(), "libp2p-routing-state"));
    }

    [Fact]
    [Trait("Clause", "ID-4.3")]
    public void A_record_signed_by_another_peer_is_rejected()
    {
        using var other = Ed25519PrivateKey.FromSeedNumber(2);
        var payload = new PeerRecord(_key.PeerId, 1, [Ip4Address]).ToProtobuf();
        var envelope = SignedEnvelope.Seal(other, PeerRecord.Domain, PeerRecord.PayloadType, payload);
        var ex = Assert.Throws<InvalidKeyException>(() => PeerRecord.Open(envelope.ToBytes()));
        Assert.Contains("is signed by", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PeerRecord(_key.PeerId, 1, []).Seal(other));
    }

    [Fact]
    [Trait("Clause", "ID-4.3")]
    public void A_different_payload_type_is_rejected()
    {
        var envelope = SignedEnvelope.Seal(_key, PeerRecord.Domain, [0x03, 0x02], new PeerRecord(_key.PeerId, 1, []).ToProtobuf());
        Assert.Throws<InvalidKeyException>(() => PeerRecord.Open(envelope.ToBytes()));
    }

    [Fact]
    [Trait("Clause", "ID-4.4")]
    public void Too_many_addresses_are_rejected()
    {
        var addresses = Enumerable.Repeat(Ip4Address, IdentityLimits.MaxPeerRecordAddresses + 1).ToArray();
        var bytes = new PeerRecord(_key.PeerId, 1, addresses).ToProtobuf();
        var ex = Assert.Throws<InvalidKeyException>(() => PeerRecord.FromProtobuf(bytes));
        Assert.Contains("more than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "ID-4.4")]
    public void Random_records_only_ever_raise_InvalidKeyException()
    {
        var random = new Random(3);
        var good = new PeerRecord(_key.PeerId, 5, [Ip4Address]).ToProtobuf();
        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])good.Clone();
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            bytes = bytes[..random.Next(bytes.Length + 1)];
            try
            {
                _ = PeerRecord.FromProtobuf(bytes);
            }
            catch (InvalidKeyException)
            {
            }
        }
    }
}
