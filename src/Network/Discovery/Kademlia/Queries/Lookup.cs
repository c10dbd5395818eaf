using System.Threading.Channels;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Routing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia.Queries;

/// <summary>
/// One iterative lookup (KAD-3): starting from the k closest peers of the routing table, keep at
/// most α requests in flight, always to the closest peer not yet asked among the k closest that
/// have not failed; learn closer peers from every answer; end when those k have all answered,
/// when nobody is left to ask, when the caller's callback says so, or at the query timeout.
/// </summary>
internal sealed class Lookup
{
    private readonly KademliaNode _node;
    private readonly KadKey _target;
    private readonly KadMessage _request;
    private readonly Func<PeerId, KadMessage, bool>? _onResponse;
    private readonly List<Candidate> _candidates = [];
    private readonly HashSet<PeerId> _seen = [];

    /// <param name="onResponse">Hears each answer (with its sender); returning true ends the lookup.</param>
    public Lookup(KademliaNode node, KadKey target, KadMessage request, Func<PeerId, KadMessage, bool>? onResponse)
    {
        _node = node;
        _target = target;
        _request = request;
        _onResponse = onResponse;
    }

    private enum State
    {
        NotContacted,
        Waiting,
        Succeeded,
        Failed,
    }

    public async Task<LookupResult> RunAsync(CancellationToken cancellationToken)
    {
        var options = _node.Options;
        foreach (var entry in _node.Routing.Closest(_target, options.BucketSize))
        {
            Add(new KadPeer(entry.Peer, entry.Addresses), depth: 0);
        }

        using var timeout = new CancellationTokenSource(options.QueryTimeout, _node.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var completions = Channel.CreateUnbounded<(Candidate Candidate, KadMessage? Response)>(new UnboundedChannelOptions { SingleReader = true });
        var running = new List<Task>();
        int inFlight = 0, requests = 0, hops = 0;
        bool stoppedEarly = false, timedOut = false;
        try
        {
            while (true)
            {
                while (inFlight < options.Alpha && NextCandidate() is { } next)
                {
                    next.State = State.Waiting;
                    inFlight++;
                    requests++;
                    running.Add(QueryAsync(next, completions.Writer, linked.Token));
                }

                if (inFlight == 0)
                {
                    break;
                }

                var (candidate, response) = await completions.Reader.ReadAsync(linked.Token);
                inFlight--;
                if (response is null)
                {
                    candidate.State = State.Failed;
                    continue;
                }

                candidate.State = State.Succeeded;
                hops = Math.Max(hops, candidate.Depth + 1);
                foreach (var closer in response.CloserPeers)
                {
                    Add(closer, candidate.Depth + 1);
                }

                if (_onResponse?.Invoke(candidate.Peer.Id, response) == true)
                {
                    stoppedEarly = true;
                    hops = candidate.Depth + 1;
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
        }
        finally
        {
            await linked.CancelAsync();
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var closest = _candidates.Where(c => c.State == State.Succeeded).Take(options.BucketSize).Select(c => c.Peer).ToArray();
        return new LookupResult(closest, requests, hops, stoppedEarly, timedOut);
    }

    private async Task QueryAsync(Candidate candidate, ChannelWriter<(Candidate, KadMessage?)> completions, CancellationToken cancellationToken)
    {
        var response = await _node.TryRequestAsync(candidate.Peer.Id, candidate.Peer.Addresses, _request, cancellationToken);
        completions.TryWrite((candidate, response));
    }

    /// <summary>The closest peer not yet asked among the k closest that have not failed.</summary>
    private Candidate? NextCandidate()
    {
        var alive = 0;
        foreach (var candidate in _candidates)
        {
            if (candidate.State == State.Failed)
            {
                continue;
            }

            if (++alive > _node.Options.BucketSize)
            {
                return null;
            }

            if (candidate.State == State.NotContacted)
            {
                return candidate;
            }
        }

        return null;
    }

    private void Add(KadPeer peer, int depth)
    {
        if (peer.Id == _node.LocalPeerId || !_seen.Add(peer.Id))
        {
            return;
        }

        var candidate = new Candidate(peer, KadKey.ForPeer(peer.Id).Xor(_target), depth);
        var index = _candidates.BinarySearch(candidate, Candidate.ByDistance);
        _candidates.Insert(index < 0 ? ~index : index, candidate);

        // Bounded memory (KAD-3.4): drop the farthest peer not yet asked.
        if (_candidates.Count > KadLimits.MaxLookupPeers)
        {
            var drop = _candidates.FindLastIndex(c => c.State == State.NotContacted);
            if (drop >= 0)
            {
                _candidates.RemoveAt(drop);
            }
        }
    }

    private sealed class Candidate(KadPeer peer, KadKey distance, int depth)
    {
        public static readonly IComparer<Candidate> ByDistance = Comparer<Candidate>.Create((a, b) => a.Distance.CompareTo(b.Distance));

        public KadPeer Peer { get; } = peer;

        public KadKey Distance { get; } = distance;

        public int Depth { get; } = depth;

        public State State { get; set; }
    }
}
