using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Queries;
using RustyNode.Network.Discovery.Kademlia.Records;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia;

public sealed partial class KademliaNode
{
    /// <summary>The peers closest to <paramref name="key"/> that answered a full lookup (KAD-3).</summary>
    public Task<LookupResult> GetClosestPeersAsync(byte[] key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunLookupAsync(key, KadMessage.Request(KadMessageType.FindNode, key), null, cancellationToken);
    }

    /// <summary>Finds <paramref name="peer"/> and its addresses (KAD-3.3): the lookup ends when an answer names it.</summary>
    public async Task<FindPeerResult> FindPeerAsync(PeerId peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (Routing.Get(peer) is { } known)
        {
            return new FindPeerResult(ToKadPeer(known), new LookupResult([ToKadPeer(known)], 0, 0, true, false));
        }

        KadPeer? found = null;
        var key = peer.ToBytes();
        var result = await RunLookupAsync(key, KadMessage.Request(KadMessageType.FindNode, key), (from, response) =>
        {
            foreach (var closer in response.CloserPeers)
            {
                if (closer.Id == peer && closer.Addresses.Count > 0)
                {
                    found = closer;
                    return true;
                }
            }

            return false;
        }, cancellationToken);
        return new FindPeerResult(found, result);
    }

    /// <summary>
    /// Stores <paramref name="record"/> here and at the k peers closest to its key (KAD-3.6).
    /// </summary>
    /// <returns>How many remote peers accepted it.</returns>
    /// <exception cref="ArgumentException">The record is not valid in its namespace.</exception>
    public async Task<int> PutValueAsync(KadRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var now = TimeProvider.GetUtcNow();
        if (Validators.Validate(record, now) is { } invalid)
        {
            throw new ArgumentException($"Record '{RecordValidators.Printable(record.Key)}' is invalid: {invalid}", nameof(record));
        }

        var published = record with { TimeReceived = Rfc3339.ToText(now) };
        StoreRecord(published, now, local: true);
        return await StoreAtClosestAsync(published, cancellationToken);
    }

    /// <summary>
    /// Looks a key up (KAD-3.7): collects valid records until the quorum, picks the best with the
    /// namespace's selector, and stores the best at peers that answered with an older one.
    /// </summary>
    public async Task<GetValueResult> GetValueAsync(byte[] key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var validator = Validators.For(key) ?? throw new ArgumentException($"No validator for the namespace of key '{RecordValidators.Printable(key)}'.", nameof(key));
        var found = new List<(PeerId From, KadRecord Record)>();
        var local = Records.Get(key, TimeProvider.GetUtcNow());
        if (local is not null)
        {
            found.Add((LocalPeerId, local.Record));
        }

        var lookup = await RunLookupAsync(key, KadMessage.Request(KadMessageType.GetValue, key), (from, response) =>
        {
            if (response.Record is { } record && record.Key.AsSpan().SequenceEqual(key))
            {
                if (Validators.Validate(record, TimeProvider.GetUtcNow()) is null)
                {
                    found.Add((from, record));
                }
                else
                {
                    RemovePeer(from, "answered with an invalid record");
                }
            }

            return found.Count >= Options.GetValueQuorum;
        }, cancellationToken);

        if (found.Count == 0)
        {
            return new GetValueResult(null, 0, lookup);
        }

        var best = found[validator.Select(key, found.Select(f => f.Record.Value).ToArray())].Record;
        await CorrectStaleAsync(key, best, found, cancellationToken);
        return new GetValueResult(best, found.Count, lookup);
    }

    /// <summary>Announces that we provide <paramref name="key"/>, here and at the k closest peers (KAD-3.8).</summary>
    /// <returns>How many remote peers were told.</returns>
    public async Task<int> ProvideAsync(byte[] key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = TimeProvider.GetUtcNow();
        lock (_provided)
        {
            _provided[Convert.ToBase64String(key)] = (key, now);
        }

        Providers.Add(key, LocalPeerId, _localAddresses(), now + Options.ProviderTtl);
        var lookup = await GetClosestPeersAsync(key, cancellationToken);
        var announce = new KadMessage(KadMessageType.AddProvider, key, null, [], [new KadPeer(LocalPeerId, _localAddresses())]);
        var sent = await Task.WhenAll(lookup.Closest.Select(p => TryRequestAsync(p.Id, p.Addresses, announce, cancellationToken)));
        return sent.Count(r => r is not null);
    }

    /// <summary>Stops announcing <paramref name="key"/>: it is no longer republished and our own entry is dropped here.</summary>
    public void StopProviding(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_provided)
        {
            _provided.Remove(Convert.ToBase64String(key));
        }
    }

    /// <summary>Finds up to <paramref name="max"/> providers of <paramref name="key"/> (KAD-3.8), ours included.</summary>
    public async Task<IReadOnlyList<KadPeer>> FindProvidersAsync(byte[] key, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var found = new Dictionary<PeerId, KadPeer>();
        foreach (var local in Providers.Get(key, TimeProvider.GetUtcNow()))
        {
            found[local.Peer] = new KadPeer(local.Peer, local.Addresses);
        }

        if (found.Count < max)
        {
            await RunLookupAsync(key, KadMessage.Request(KadMessageType.GetProviders, key), (_, response) =>
            {
                foreach (var provider in response.ProviderPeers)
                {
                    if (!found.TryGetValue(provider.Id, out var known) || known.Addresses.Count == 0)
                    {
                        found[provider.Id] = provider;
                    }
                }

                return found.Count >= max;
            }, cancellationToken);
        }

        return found.Values.Take(max).ToArray();
    }

    private async Task<LookupResult> RunLookupAsync(byte[] key, KadMessage request, Func<PeerId, KadMessage, bool>? onResponse, CancellationToken cancellationToken)
    {
        var target = TargetOf(key);
        Routing.MarkLookup(Routing.LocalKey.BucketIndex(target), TimeProvider.GetUtcNow());
        var result = await new Lookup(this, target, request, onResponse).RunAsync(cancellationToken);
        Log.KadLookupDone(_logger, request.Type, target, result.Closest.Count, result.Requests, result.Hops);
        return result;
    }

    private async Task<int> StoreAtClosestAsync(KadRecord record, CancellationToken cancellationToken)
    {
        var lookup = await GetClosestPeersAsync(record.Key, cancellationToken);
        var put = new KadMessage(KadMessageType.PutValue, record.Key, record, [], []);
        var stored = await Task.WhenAll(lookup.Closest.Select(p => TryRequestAsync(p.Id, p.Addresses, put, cancellationToken)));
        return stored.Count(r => r is not null);
    }

    private async Task CorrectStaleAsync(byte[] key, KadRecord best, List<(PeerId From, KadRecord Record)> found, CancellationToken cancellationToken)
    {
        var stale = found.Where(f => f.From != LocalPeerId && !f.Record.Value.AsSpan().SequenceEqual(best.Value)).Select(f => f.From).Distinct().ToArray();
        if (stale.Length == 0)
        {
            return;
        }

        var put = new KadMessage(KadMessageType.PutValue, key, best, [], []);
        await Task.WhenAll(stale.Select(p => TryRequestAsync(p, Routing.Get(p)?.Addresses ?? [], put, cancellationToken)));
    }
}
