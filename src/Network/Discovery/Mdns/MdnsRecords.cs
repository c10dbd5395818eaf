using System.Security.Cryptography;
using Makaretu.Dns;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Mdns;

/// <summary>
/// The DNS records of libp2p mDNS discovery (specs/network/21-mdns.md): the query we send, the
/// answer we give, and how we read other peers' answers. No sockets here.
/// </summary>
public static class MdnsRecords
{
    /// <summary>The TXT string prefix of an address.</summary>
    public const string DnsAddrPrefix = "dnsaddr=";

    private const string PeerNameAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A random DNS label naming this node's service instance (MDNS-1.2): 32 lowercase letters and digits.</summary>
    public static string NewPeerName() => RandomNumberGenerator.GetString(PeerNameAlphabet, 32);

    /// <summary>The PTR question for the service (MDNS-1.1).</summary>
    public static Message Query(string serviceName)
    {
        var query = new Message();
        query.Questions.Add(new Question { Name = serviceName, Type = DnsType.PTR, Class = DnsClass.IN });
        return query;
    }

    /// <summary>
    /// Our answer (MDNS-1.2): a PTR from the service to <c>peerName.service</c> in the answers, and
    /// one TXT record <c>dnsaddr=&lt;address&gt;/p2p/&lt;id&gt;</c> per address in the additional
    /// records; addresses whose string would exceed 255 bytes are left out.
    /// </summary>
    public static Message Answer(string serviceName, string peerName, PeerId local, IEnumerable<Multiaddr> addresses, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(addresses);
        var instance = $"{peerName}.{serviceName}";
        var answer = new Message { QR = true, AA = true };
        answer.Answers.Add(new PTRRecord { Name = serviceName, DomainName = instance, TTL = ttl });
        foreach (var address in addresses)
        {
            var text = DnsAddrPrefix + (address.TryGetPeerIdBytes(out _) ? address : address.WithP2p(local.ToBytes()));
            if (text.Length <= MdnsLimits.MaxTxtLength)
            {
                var txt = new TXTRecord { Name = instance, TTL = ttl };
                txt.Strings.Add(text);
                answer.AdditionalRecords.Add(txt);
            }
        }

        return answer;
    }

    /// <summary>
    /// Parses a datagram (MDNS-3.1); null when it is not a DNS message. The parser is a third-party
    /// one whose failures on hostile bytes are of many types, so any failure but running out of
    /// memory means "not a message".
    /// </summary>
    public static Message? TryParse(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > MdnsLimits.MaxMessageSize)
        {
            return null;
        }

        try
        {
            return (Message)new Message().Read(datagram.ToArray());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="message"/> asks for the service's PTR records.</summary>
    public static bool IsServiceQuery(Message message, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Questions.Any(q => (q.Type == DnsType.PTR || q.Type == DnsType.ANY) && SameName(q.Name, serviceName));
    }

    /// <summary>
    /// Reads a peer from an answer (MDNS-2): it must carry a PTR for the service; the peer is the one
    /// named by the first readable <c>dnsaddr=</c> TXT string (in the answers or the additional
    /// records), with every readable address of that same peer. Null for anything else.
    /// </summary>
    public static MdnsPeer? ReadAnswer(Message message, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(message);
        var records = message.Answers.Concat(message.AdditionalRecords).ToArray();
        if (!records.OfType<PTRRecord>().Any(p => SameName(p.Name, serviceName)))
        {
            return null;
        }

        PeerId? peer = null;
        var addresses = new List<Multiaddr>();
        foreach (var text in records.OfType<TXTRecord>().SelectMany(t => t.Strings).Take(MdnsLimits.MaxTxtStrings))
        {
            if (text.Length > MdnsLimits.MaxTxtLength || !text.StartsWith(DnsAddrPrefix, StringComparison.Ordinal)
                || !Multiaddr.TryParse(text[DnsAddrPrefix.Length..], out var address) || !address!.TryGetPeerIdBytes(out var idBytes))
            {
                continue;
            }

            PeerId id;
            try
            {
                id = PeerId.FromBytes(idBytes);
            }
            catch (Libp2pProtocolException)
            {
                continue;
            }

            peer ??= id;
            if (id == peer && addresses.Count < MdnsLimits.MaxAddressesPerPeer)
            {
                var plain = address.WithoutP2p();
                if (!plain.IsEmpty && !addresses.Contains(plain))
                {
                    addresses.Add(plain);
                }
            }
        }

        return peer is null || addresses.Count == 0 ? null : new MdnsPeer(peer, addresses);
    }

    private static bool SameName(DomainName name, string expected) =>
        string.Equals(name.ToString().TrimEnd('.'), expected.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
}
