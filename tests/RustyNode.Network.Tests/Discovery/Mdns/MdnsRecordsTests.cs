using Makaretu.Dns;
using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Mdns;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Discovery.Mdns;

public class MdnsRecordsTests
{
    private const string Service = "_p2p._udp.local";
    private static readonly PeerId Local = Ed25519PrivateKey.FromSeedNumber(1).PeerId;
    private static readonly PeerId Other = Ed25519PrivateKey.FromSeedNumber(2).PeerId;

    [Fact]
    [Trait("Clause", "MDNS-1.1")]
    public void The_query_asks_for_the_service_PTR_records()
    {
        var wire = MdnsRecords.Query(Service).ToByteArray();
        var query = (Message)new Message().Read(wire);

        var question = Assert.Single(query.Questions);
        Assert.Equal(Service, question.Name.ToString());
        Assert.Equal(DnsType.PTR, question.Type);
        Assert.Equal(DnsClass.IN, question.Class);
        Assert.True(MdnsRecords.IsServiceQuery(query, Service));
        Assert.False(MdnsRecords.IsServiceQuery(MdnsRecords.Query("_other._udp.local"), Service));
    }

    [Fact]
    [Trait("Clause", "MDNS-1.2")]
    public void The_answer_names_our_instance_and_carries_one_dnsaddr_per_address()
    {
        var addresses = new[] { Multiaddr.Parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.Parse("/ip4/10.0.0.2/tcp/4001") };
        var name = MdnsRecords.NewPeerName();
        Assert.Matches("^[a-z0-9]{32}$", name);

        var wire = MdnsRecords.Answer(Service, name, Local, addresses, TimeSpan.FromSeconds(120)).ToByteArray();
        var answer = (Message)new Message().Read(wire);

        Assert.True(answer.IsResponse);
        var ptr = Assert.IsType<PTRRecord>(Assert.Single(answer.Answers));
        Assert.Equal(Service, ptr.Name.ToString());
        Assert.Equal($"{name}.{Service}", ptr.DomainName.ToString());
        Assert.Equal(TimeSpan.FromSeconds(120), ptr.TTL);
        var txts = answer.AdditionalRecords.Cast<TXTRecord>().ToArray();
        Assert.Equal(
            [$"dnsaddr=/ip4/127.0.0.1/tcp/4001/p2p/{Local}", $"dnsaddr=/ip4/10.0.0.2/tcp/4001/p2p/{Local}"],
            txts.Select(t => Assert.Single(t.Strings)));
        Assert.All(txts, t => Assert.Equal($"{name}.{Service}", t.Name.ToString()));

        var read = MdnsRecords.ReadAnswer(answer, Service);
        Assert.Equal(Local, read!.Peer);
        Assert.Equal(addresses, read.Addresses);
    }

    [Fact]
    [Trait("Clause", "MDNS-2.1")]
    public void Answers_in_the_js_libp2p_shape_are_read_and_other_answers_ignored()
    {
        // js-libp2p puts the TXT records in the answers, next to the PTR.
        var js = new Message { QR = true };
        js.Answers.Add(new PTRRecord { Name = Service, DomainName = $"abc.{Service}" });
        js.Answers.Add(Txt($"dnsaddr=/ip4/127.0.0.1/tcp/5000/p2p/{Other}"));
        js.Answers.Add(Txt($"dnsaddr=/ip4/127.0.0.1/tcp/5001/p2p/{Local}"));
        js.Answers.Add(Txt("dnsaddr=/not/a/multiaddr"));
        js.Answers.Add(Txt("something=else"));
        var read = MdnsRecords.ReadAnswer(js, Service);
        Assert.Equal(Other, read!.Peer);
        Assert.Equal([Multiaddr.Parse("/ip4/127.0.0.1/tcp/5000")], read.Addresses);

        var noPtr = new Message { QR = true };
        noPtr.Answers.Add(Txt($"dnsaddr=/ip4/127.0.0.1/tcp/5000/p2p/{Other}"));
        Assert.Null(MdnsRecords.ReadAnswer(noPtr, Service));

        var otherService = new Message { QR = true };
        otherService.Answers.Add(new PTRRecord { Name = "_other._udp.local", DomainName = "x._other._udp.local" });
        otherService.Answers.Add(Txt($"dnsaddr=/ip4/127.0.0.1/tcp/5000/p2p/{Other}"));
        Assert.Null(MdnsRecords.ReadAnswer(otherService, Service));

        var noPeerId = new Message { QR = true };
        noPeerId.Answers.Add(new PTRRecord { Name = Service, DomainName = $"abc.{Service}" });
        noPeerId.Answers.Add(Txt("dnsaddr=/ip4/127.0.0.1/tcp/5000"));
        Assert.Null(MdnsRecords.ReadAnswer(noPeerId, Service));
    }

    [Fact]
    [Trait("Clause", "MDNS-3.1")]
    public void At_most_sixteen_addresses_are_kept_and_strings_past_the_limit_are_not_read()
    {
        var flood = new Message { QR = true };
        flood.Answers.Add(new PTRRecord { Name = Service, DomainName = $"abc.{Service}" });
        for (var i = 0; i < 100; i++)
        {
            flood.AdditionalRecords.Add(Txt($"dnsaddr=/ip4/10.0.{i / 250}.{i % 250}/tcp/1/p2p/{Other}"));
        }

        var read = MdnsRecords.ReadAnswer(flood, Service);
        Assert.Equal(MdnsLimits.MaxAddressesPerPeer, read!.Addresses.Count);

        var late = new Message { QR = true };
        late.Answers.Add(new PTRRecord { Name = Service, DomainName = $"abc.{Service}" });
        for (var i = 0; i < MdnsLimits.MaxTxtStrings; i++)
        {
            late.AdditionalRecords.Add(Txt("junk=" + i));
        }

        late.AdditionalRecords.Add(Txt($"dnsaddr=/ip4/127.0.0.1/tcp/5000/p2p/{Other}"));
        Assert.Null(MdnsRecords.ReadAnswer(late, Service));
    }

    [Fact]
    [Trait("Clause", "MDNS-3.1")]
    public void Random_and_damaged_datagrams_are_dropped_without_an_exception()
    {
        var random = new Random(5);
        var valid = MdnsRecords.Answer(Service, "abc", Local, [Multiaddr.Parse("/ip4/127.0.0.1/tcp/1")], TimeSpan.FromSeconds(120)).ToByteArray();
        Assert.NotNull(MdnsRecords.TryParse(valid));
        for (var i = 0; i < 5000; i++)
        {
            var datagram = i % 2 == 0 ? new byte[random.Next(0, 64)] : (byte[])valid.Clone();
            if (i % 2 == 0)
            {
                random.NextBytes(datagram);
            }
            else
            {
                datagram[random.Next(datagram.Length)] = (byte)random.Next(256);
            }

            if (MdnsRecords.TryParse(datagram) is { } message)
            {
                MdnsRecords.ReadAnswer(message, Service);
            }
        }

        Assert.Null(MdnsRecords.TryParse(new byte[MdnsLimits.MaxMessageSize + 1]));
    }

    private static TXTRecord Txt(string text)
    {
        var txt = new TXTRecord { Name = $"abc.{Service}" };
        txt.Strings.Add(text);
        return txt;
    }
}
