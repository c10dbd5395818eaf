using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Records;
using RustyNode.Network.Discovery.Kademlia.Routing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia;

public sealed partial class KademliaNode
{
    /// <summary>
    /// Serves one request from <paramref name="from"/> (KAD-4): returns the response, or null for
    /// ADD_PROVIDER. <paramref name="knownAddresses"/> gives the addresses we know of a peer that is
    /// not in the routing table (e.g. a connected client), for FIND_NODE of that very peer.
    /// </summary>
    /// <exception cref="KadProtocolException">The request breaks a rule; the caller penalises the sender.</exception>
    public KadMessage? HandleRequest(PeerId from, KadMessage request, Func<PeerId, IReadOnlyList<Multiaddr>?>? knownAddresses = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(request);
        var now = TimeProvider.GetUtcNow();
        switch (request.Type)
        {
            case KadMessageType.Ping:
                return KadMessage.Request(KadMessageType.Ping, []);
            case KadMessageType.FindNode:
                RequireKey(from, request);
                return request with { Record = null, CloserPeers = CloserPeers(from, request.Key, knownAddresses), ProviderPeers = [] };
            case KadMessageType.GetValue:
                RequireKey(from, request);
                var stored = Records.Get(request.Key, now);
                return request with
                {
                    Record = stored is null ? null : stored.Record with { TimeReceived = Rfc3339.ToText(stored.Published) },
                    CloserPeers = CloserPeers(from, request.Key, null),
                    ProviderPeers = [],
                };
            case KadMessageType.PutValue:
                StoreFromPut(from, request, now);
                return request;
            case KadMessageType.AddProvider:
                AddProviderFrom(from, request, now);
                return null;
            case KadMessageType.GetProviders:
                RequireKey(from, request);
                var providers = Providers.Get(request.Key, now).Take(Options.BucketSize).Select(p => new KadPeer(p.Peer, p.Addresses)).ToArray();
                return request with { Record = null, CloserPeers = CloserPeers(from, request.Key, null), ProviderPeers = providers };
            default:
                throw new KadProtocolException($"{from} sent a DHT message of unknown type {(int)request.Type}.");
        }
    }

    /// <summary>
    /// Stores a record after validation (KAD-5.3, KAD-5.4): its publication time is the record's
    /// timeReceived when that is in the past and within the record lifetime, else now.
    /// </summary>
    /// <returns>True when the record is now held; false when a better or owned one was kept.</returns>
    internal bool StoreRecord(KadRecord record, DateTimeOffset now, bool local)
    {
        if (Validators.Validate(record, now) is { } invalid)
        {
            throw new KadProtocolException($"Record '{RecordValidators.Printable(record.Key)}' is invalid: {invalid}");
        }

        var validator = Validators.For(record.Key)!;
        var existing = Records.Get(record.Key, now);
        if (existing is not null && !validator.MayReplace(existing.Record, record))
        {
            return false;
        }

        var published = ParsePublished(record.TimeReceived, now);
        var expires = published + Options.RecordTtl;
        if (validator.GetExpiry(record) is { } own && own < expires)
        {
            expires = own;
        }

        if (expires <= now)
        {
            return false;
        }

        if (existing is not null && existing.Record.Value.AsSpan().SequenceEqual(record.Value) && existing.Published > published)
        {
            published = existing.Published;
            expires = existing.Expires;
        }

        return Records.Put(new StoredRecord(record with { TimeReceived = null }, published, expires, now, local || existing?.Local == true));
    }

    private void StoreFromPut(PeerId from, KadMessage request, DateTimeOffset now)
    {
        if (request.Record is not { } record)
        {
            throw new KadProtocolException($"{from} sent a PUT_VALUE without a record.");
        }

        if (!record.Key.AsSpan().SequenceEqual(request.Key))
        {
            throw new KadProtocolException($"{from} sent a PUT_VALUE whose record key differs from the message key.");
        }

        StoreRecord(record, now, local: false);
    }

    private void AddProviderFrom(PeerId from, KadMessage request, DateTimeOffset now)
    {
        RequireKey(from, request);

        // Only the sender may announce itself (KAD-4.4); other entries are ignored.
        foreach (var provider in request.ProviderPeers)
        {
            if (provider.Id == from)
            {
                Providers.Add(request.Key, from, provider.Addresses, now + Options.ProviderTtl);
            }
        }
    }

    private static void RequireKey(PeerId from, KadMessage request)
    {
        if (request.Key.Length == 0)
        {
            throw new KadProtocolException($"{from} sent a {request.Type} without a key.");
        }
    }

    /// <summary>The k closest peers we know to a key, without the requester (KAD-4.2).</summary>
    private KadPeer[] CloserPeers(PeerId requester, byte[] key, Func<PeerId, IReadOnlyList<Multiaddr>?>? knownAddresses)
    {
        var target = TargetOf(key);
        var closest = Routing.Closest(target, Options.BucketSize + 1)
            .Where(e => e.Peer != requester)
            .Take(Options.BucketSize)
            .Select(ToKadPeer)
            .ToList();

        // FIND_NODE for a peer we are connected to but do not route through (a client): name it too.
        if (knownAddresses is not null && TryPeerIdOf(key) is { } wanted && wanted != requester && closest.All(p => p.Id != wanted)
            && knownAddresses(wanted) is { Count: > 0 } addresses)
        {
            closest.Insert(0, new KadPeer(wanted, addresses, KadConnectionType.Connected));
        }

        return [.. closest];
    }

    /// <summary>The key-space point of a message key: SHA-256 of its bytes (KAD-1.1).</summary>
    internal static KadKey TargetOf(ReadOnlySpan<byte> key) => KadKey.Hash(key);

    internal static PeerId? TryPeerIdOf(ReadOnlySpan<byte> key)
    {
        try
        {
            return PeerId.FromBytes(key);
        }
        catch (Libp2pProtocolException)
        {
            return null;
        }
    }

    private DateTimeOffset ParsePublished(string? timeReceived, DateTimeOffset now)
    {
        if (Rfc3339.TryParse(timeReceived, out var published)
            && published <= now && published > now - Options.RecordTtl)
        {
            return published;
        }

        return now;
    }
}
