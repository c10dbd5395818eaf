using System.Net;
using RustyNode.Network.Addressing;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Tests.Addressing;

public class MultiaddrTests
{
    private const string QmPeer = "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";
    private const string QmPeerHex = "a503221220d52ebb89d85b02a284948203a62ff28389c57c9f42beec4ec20db76a68911c0b";

    [Theory]
    [Trait("Clause", "MA-2.1")]
    [Trait("Clause", "MA-1.2")]
    [InlineData("/ip4/127.0.0.1/udp/1234", "047f000001910204d2")]
    [InlineData("/ip4/127.0.0.1/tcp/4321", "047f0000010610e1")]
    [InlineData("/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321", "047f000001910204d2047f0000010610e1")]
    [InlineData("/ip4/1.2.3.4", "0401020304")]
    [InlineData("/ip4/0.0.0.0", "0400000000")]
    [InlineData("/ip6/2001:db8::ff00:42:8329", "2920010db8000000000000ff0000428329")]
    [InlineData("/ip6/::1", "2900000000000000000000000000000001")]
    [InlineData("/udp/0", "91020000")]
    [InlineData("/tcp/65535", "06ffff")]
    [InlineData("/ip4/127.0.0.1/tcp/1234/udp/0/udp/1234", "047f0000010604d291020000910204d2")]
    [InlineData("/ip4/127.0.0.1/udp/1234/quic-v1", "047f000001910204d2cc03")]
    [InlineData("/ip4/127.0.0.1/tcp/80/ws", "047f000001060050dd03")]
    [InlineData("/ip4/127.0.0.1/tcp/443/wss", "047f0000010601bbde03")]
    [InlineData("/p2p-circuit", "a202")]
    public void Golden_vectors_convert_between_text_and_binary(string text, string hex)
    {
        var fromText = Multiaddr.Parse(text);
        Assert.Equal(hex, Convert.ToHexStringLower(fromText.ToBytes()));
        var fromBytes = Multiaddr.FromBytes(Convert.FromHexString(hex));
        Assert.Equal(text, fromBytes.ToString());
        Assert.Equal(fromText, fromBytes);
        Assert.Equal(fromText.GetHashCode(), fromBytes.GetHashCode());
    }

    [Theory]
    [Trait("Clause", "MA-2.2")]
    [InlineData("/p2p/" + QmPeer, QmPeerHex)]
    [InlineData("/ip4/127.0.0.1/p2p/" + QmPeer + "/tcp/1234", "047f000001" + QmPeerHex + "0604d2")]
    [InlineData("/dns4/example.com/tcp/443", "360b6578616d706c652e636f6d0601bb")]
    [InlineData("/dns6/localhost/tcp/1", "37096c6f63616c686f7374060001")]
    [InlineData("/dns/a/tcp/1", "350161060001")]
    public void Length_prefixed_values_carry_a_varint_length(string text, string hex)
    {
        Assert.Equal(hex, Convert.ToHexStringLower(Multiaddr.Parse(text).ToBytes()));
        Assert.Equal(text, Multiaddr.FromBytes(Convert.FromHexString(hex)).ToString());
    }

    [Theory]
    [Trait("Clause", "MA-3.1")]
    [InlineData("/ip4/127.0.0.1/tcp/1234/", "/ip4/127.0.0.1/tcp/1234")]
    [InlineData("/ipfs/" + QmPeer, "/p2p/" + QmPeer)]
    [InlineData("/ip6/0:0:0:0:0:0:0:1/tcp/5", "/ip6/::1/tcp/5")]
    [InlineData("/ip6/::ffff:127.0.0.1/tcp/111", "/ip6/::ffff:127.0.0.1/tcp/111")]
    [InlineData("/", "/")]
    public void Text_is_normalised_on_output(string input, string expected)
    {
        Assert.Equal(expected, Multiaddr.Parse(input).ToString());
    }

    [Theory]
    [Trait("Clause", "MA-3.1")]
    [InlineData("")]
    [InlineData("ip4/127.0.0.1")]
    [InlineData("//ip4/1.2.3.4")]
    [InlineData("/ip4/1.2.3.4//tcp/1")]
    [InlineData("/ip4")]
    [InlineData("/tcp")]
    [InlineData("/ws/1")]
    [InlineData("/tcp/udp/435/535")]
    [InlineData("/43434/tcp")]
    [Trait("Clause", "MA-3.2")]
    [InlineData("/ip4/::1")]
    [InlineData("/ip4/1")]
    [InlineData("/ip4/127.1")]
    [InlineData("/ip4/256.0.0.1")]
    [InlineData("/ip4/01.2.3.4")]
    [InlineData("/ip4/1.2.3.4.5")]
    [InlineData("/ip4/1.2.3.")]
    [InlineData("/ip4/fdpsofodsajfdoisa")]
    [InlineData("/ip6/127.0.0.1")]
    [InlineData("/ip6/fe80::1%eth0")]
    [InlineData("/ip6/[::1]")]
    [Trait("Clause", "MA-3.3")]
    [InlineData("/tcp/65536")]
    [InlineData("/udp/-1")]
    [InlineData("/tcp/+80")]
    [InlineData("/tcp/ 80")]
    [InlineData("/tcp/0x10")]
    [Trait("Clause", "MA-3.4")]
    [InlineData("/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNK0")]
    [InlineData("/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupN")]
    [InlineData("/p2p/xyz")]
    [InlineData("/p2p/")]
    public void Malformed_text_is_rejected_with_a_multiaddr_error(string text)
    {
        Assert.Throws<MultiaddrException>(() => Multiaddr.Parse(text));
        Assert.False(Multiaddr.TryParse(text, out var parsed));
        Assert.Null(parsed);
    }

    [Theory]
    [Trait("Clause", "MA-1.3")]
    [InlineData("/sctp/1234")]
    [InlineData("/onion/aaimaq4ygg2iegci:80")]
    [InlineData("/unix/a")]
    [InlineData("/IP4/1.2.3.4")]
    public void Unknown_protocol_names_are_rejected(string text)
    {
        var ex = Assert.Throws<MultiaddrException>(() => Multiaddr.Parse(text));
        Assert.Contains("not supported", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Clause", "MA-1.3")]
    [InlineData("840104d2")]
    [InlineData("bc030010c0439831b48218480050")]
    [InlineData("047f0000017f")]
    public void Unknown_protocol_codes_are_rejected_not_kept(string hex)
    {
        Assert.Throws<MultiaddrException>(() => Multiaddr.FromBytes(Convert.FromHexString(hex)));
    }

    [Theory]
    [Trait("Clause", "MA-2.3")]
    [InlineData("04")]
    [InlineData("047f0000")]
    [InlineData("047f00000106")]
    [InlineData("0601")]
    [InlineData("29000000")]
    [InlineData("36")]
    [InlineData("360b6578616d")]
    [InlineData("a503")]
    [InlineData("a50322")]
    [InlineData("8080")]
    [InlineData("8100")]
    [InlineData("a503221221c05877cbae039d70a5e600ea02c6f9f2942439285c9e344e26f8d280c850fad6")]
    [Trait("Clause", "MA-2.2")]
    [InlineData("3600")]
    [InlineData("3601" + "2f")]
    [InlineData("3602" + "c328")]
    public void Malformed_binary_is_rejected(string hex)
    {
        Assert.Throws<MultiaddrException>(() => Multiaddr.FromBytes(Convert.FromHexString(hex)));
        Assert.False(Multiaddr.TryFromBytes(Convert.FromHexString(hex), out _));
    }

    [Fact]
    [Trait("Clause", "MA-4.1")]
    public void Over_limit_inputs_are_rejected()
    {
        var tooManyComponents = string.Concat(Enumerable.Repeat("/ws", MultiaddrLimits.MaxComponents + 1));
        Assert.Throws<MultiaddrException>(() => Multiaddr.Parse(tooManyComponents));
        Assert.Throws<MultiaddrException>(() =>
            Multiaddr.FromBytes(Enumerable.Repeat(new byte[] { 0xdd, 0x03 }, MultiaddrLimits.MaxComponents + 1).SelectMany(b => b).ToArray()));
        Assert.Equal(MultiaddrLimits.MaxComponents, Multiaddr.Parse(string.Concat(Enumerable.Repeat("/ws", MultiaddrLimits.MaxComponents))).Components.Count);
        Assert.Throws<MultiaddrException>(() => Multiaddr.FromBytes(new byte[MultiaddrLimits.MaxBytes + 1]));
        Assert.Throws<MultiaddrException>(() => Multiaddr.Parse("/dns/" + new string('a', MultiaddrLimits.MaxDnsNameBytes + 1)));
        Assert.Throws<MultiaddrException>(() => Multiaddr.Parse("/" + new string('a', MultiaddrLimits.MaxTextLength)));
        var longAddr = Multiaddr.Parse(string.Concat(Enumerable.Repeat("/dns/" + new string('a', 250), 4)));
        Assert.Throws<MultiaddrException>(() => longAddr.Encapsulate(longAddr));
    }

    [Fact]
    [Trait("Clause", "MA-3.4")]
    public void Peer_id_in_CIDv1_text_parses_to_the_same_multihash()
    {
        var multihash = Base58.Decode(QmPeer);
        var cid = "b" + Base32.Encode([0x01, 0x72, .. multihash]);
        Assert.StartsWith("bafzbei", cid, StringComparison.Ordinal);
        var viaCid = Multiaddr.Parse("/ip4/1.2.3.4/tcp/1/p2p/" + cid);
        Assert.Equal("/ip4/1.2.3.4/tcp/1/p2p/" + QmPeer, viaCid.ToString());
        Assert.Equal(multihash, viaCid.GetPeerIdBytes());
        var viaBase58Cid = Multiaddr.Parse("/p2p/z" + Base58.Encode([0x01, 0x72, .. multihash]));
        Assert.Equal(multihash, viaBase58Cid.GetPeerIdBytes());
        Assert.Throws<MultiaddrException>(() => Multiaddr.Parse("/p2p/b" + Base32.Encode([0x01, 0x70, .. multihash])));
    }

    [Fact]
    [Trait("Clause", "MA-3.4")]
    public void Ed25519_identity_peer_ids_print_as_12D3KooW()
    {
        byte[] publicKeyProto = [0x08, 0x01, 0x12, 0x20, .. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];
        var multihash = Multihash.Identity(publicKeyProto);
        var addr = Multiaddr.Parse("/ip4/127.0.0.1/tcp/4001").WithP2p(multihash);
        Assert.StartsWith("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW", addr.ToString(), StringComparison.Ordinal);
        Assert.Equal(addr, Multiaddr.Parse(addr.ToString()));
        Assert.True(addr.TryGetPeerIdBytes(out var back));
        Assert.Equal(multihash, back);
    }

    [Fact]
    [Trait("Clause", "MA-5.2")]
    public void WithP2p_replaces_a_trailing_peer_id_and_WithoutP2p_removes_it()
    {
        var other = Multihash.Sha256([1, 2, 3]);
        var start = Multiaddr.Parse("/ip4/1.2.3.4/tcp/5/p2p/" + QmPeer);
        var replaced = start.WithP2p(other);
        Assert.Equal(3, replaced.Components.Count);
        Assert.Equal(other, replaced.GetPeerIdBytes());
        Assert.Equal(Multiaddr.Parse("/ip4/1.2.3.4/tcp/5"), replaced.WithoutP2p());
        var bare = replaced.WithoutP2p();
        Assert.Same(bare, bare.WithoutP2p());
        Assert.Null(Multiaddr.Parse("/ip4/1.2.3.4/tcp/5").GetPeerIdBytes());
        Assert.False(Multiaddr.Parse("/ip4/1.2.3.4").TryGetPeerIdBytes(out _));
        Assert.Throws<MultiaddrException>(() => start.WithP2p([0x12, 0x20, 0x01]));
    }

    [Fact]
    [Trait("Clause", "MA-5.1")]
    public void Encapsulate_and_decapsulate_follow_the_component_list()
    {
        var a = Multiaddr.Parse("/ip4/127.0.0.1/udp/1234");
        var b = Multiaddr.Parse("/udp/5678");
        var both = a.Encapsulate(b);
        Assert.Equal("/ip4/127.0.0.1/udp/1234/udp/5678", both.ToString());
        Assert.Equal(a, both.Decapsulate(b));
        Assert.Equal(Multiaddr.Empty, both.Decapsulate(Multiaddr.Parse("/ip4/127.0.0.1")));
        Assert.Equal(both, both.Decapsulate(Multiaddr.Parse("/tcp/1")));
        Assert.Equal(Multiaddr.Parse("/ip4/127.0.0.1/udp/1234"), both.Decapsulate(MultiaddrProtocol.Udp));
        Assert.Equal(both, both.Decapsulate(MultiaddrProtocol.Ws));
        Assert.Equal(both, both.Encapsulate(Multiaddr.Empty));
        Assert.Equal(both, Multiaddr.Empty.Encapsulate(both));
        Assert.True(both.Contains(MultiaddrProtocol.Udp));
        Assert.False(both.Contains(MultiaddrProtocol.Tcp));
        Assert.Equal("/", Multiaddr.Empty.ToString());
        Assert.Empty(Multiaddr.FromBytes([]).Components);
    }

    [Fact]
    [Trait("Clause", "MA-5.3")]
    public void IP_endpoints_map_to_ip_tcp_multiaddrs_and_back()
    {
        var v4 = Multiaddr.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 4001));
        Assert.Equal("/ip4/127.0.0.1/tcp/4001", v4.ToString());
        var v6 = Multiaddr.FromIPEndPoint(new IPEndPoint(IPAddress.IPv6Loopback, 9));
        Assert.Equal("/ip6/::1/tcp/9", v6.ToString());
        var mapped = Multiaddr.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("::ffff:10.0.0.1"), 1));
        Assert.Equal("/ip4/10.0.0.1/tcp/1", mapped.ToString());

        Assert.True(Multiaddr.Parse("/ip6/::1/tcp/9/p2p/" + QmPeer).TryGetIPEndPoint(out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 9), endPoint);
        Assert.False(Multiaddr.Parse("/ip4/1.2.3.4/udp/9").TryGetIPEndPoint(out _));
        Assert.False(Multiaddr.Parse("/dns4/localhost/tcp/9").TryGetIPEndPoint(out _));
        Assert.False(Multiaddr.Parse("/ip4/1.2.3.4").TryGetIPEndPoint(out _));
    }

    [Fact]
    [Trait("Clause", "MA-1.1")]
    public void Components_expose_code_name_and_value()
    {
        var addr = Multiaddr.Parse("/dns4/example.com/tcp/443/wss/p2p/" + QmPeer);
        Assert.Equal(
            [MultiaddrProtocol.Dns4, MultiaddrProtocol.Tcp, MultiaddrProtocol.Wss, MultiaddrProtocol.P2p],
            addr.Components.Select(c => c.Code));
        Assert.Equal(["dns4", "tcp", "wss", "p2p"], addr.Components.Select(c => c.Name));
        Assert.Equal(["example.com", "443", "", QmPeer], addr.Components.Select(c => c.ValueText));
        Assert.Equal("/tcp/443", addr.Components[1].ToString());
        Assert.Equal(new byte[] { 0x01, 0xbb }, addr.Components[1].Value.ToArray());
        Assert.True(addr.Components[1] == Multiaddr.Parse("/tcp/443").Components[0]);
        Assert.NotEqual(addr, Multiaddr.Parse("/dns4/example.com/tcp/443/ws/p2p/" + QmPeer));
    }

    [Fact]
    [Trait("Clause", "MA-1.1")]
    public void ToBytes_returns_a_copy_that_cannot_change_the_address()
    {
        var addr = Multiaddr.Parse("/ip4/1.2.3.4/tcp/5");
        var bytes = addr.ToBytes();
        bytes[1] = 9;
        Assert.Equal("/ip4/1.2.3.4/tcp/5", addr.ToString());
        Assert.Equal(Multiaddr.Parse("/ip4/1.2.3.4/tcp/5"), Multiaddr.FromBytes(addr.ToBytes()));
    }

    [Fact]
    public void Random_bytes_only_ever_raise_a_multiaddr_error_and_valid_ones_round_trip()
    {
        var random = new Random(1234);
        var seeds = new[] { "047f0000010610e1", "a503" + QmPeerHex[4..], "360b6578616d706c652e636f6d", "2900000000000000000000000000000001" }
            .Select(Convert.FromHexString).ToArray();
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = i % 2 == 0 ? RandomBytes(random) : Mutate(random, seeds[random.Next(seeds.Length)]);
            try
            {
                var addr = Multiaddr.FromBytes(bytes);
                accepted++;
                Assert.Equal(bytes, addr.ToBytes());
                Assert.Equal(addr, Multiaddr.Parse(addr.ToString()));
            }
            catch (MultiaddrException)
            {
            }
        }

        Assert.True(accepted > 0);
    }

    [Fact]
    public void Random_text_only_ever_raises_a_multiaddr_error()
    {
        var random = new Random(99);
        string[] corpus = ["ip4", "ip6", "tcp", "udp", "p2p", "dns4", "ws", "127.0.0.1", "::1", "80", "65536", QmPeer, "", "x/y", "\u00e9"];
        for (var i = 0; i < 20_000; i++)
        {
            var parts = Enumerable.Range(0, random.Next(8)).Select(_ => corpus[random.Next(corpus.Length)]);
            var text = "/" + string.Join('/', parts);
            try
            {
                var addr = Multiaddr.Parse(text);
                Assert.Equal(addr, Multiaddr.FromBytes(addr.ToBytes()));
            }
            catch (MultiaddrException)
            {
            }
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(24)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = seed.AsSpan(0, random.Next(seed.Length + 1)).ToArray();
        if (bytes.Length > 0)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }
}
