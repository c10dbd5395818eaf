using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network.Identity;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;
using RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>Relaying our new tips (CB-4.2, CB-4.3) and choosing high-bandwidth peers (CB-4.4).</summary>
public sealed partial class CompactBlocksBehaviour
{
    private void OnChainUpdated(object? sender, ChainUpdatedEventArgs e)
    {
        if (!_enabled || e.Update.Connected.Count == 0 || e.Update.Connected[^1].Hash != e.Tip)
        {
            return;
        }

        // Catching up (headers ahead of the tip: initial sync, a reorganisation under way): the
        // blocks we connect are old news to our peers, so nothing is relayed (CB-4.3).
        if (_chain.BestHeaderInfo.Hash != e.Tip)
        {
            return;
        }

        var tip = e.Update.Connected[^1];
        PushToHighBandwidthPeers(tip, null);
        foreach (var peer in PeersToTell(tip.Hash, highBandwidth: false))
        {
            Send(peer, new NewBlock(tip.Header), "new block");
        }
    }

    /// <summary>Pushes <paramref name="block"/> to each high-bandwidth peer that has not seen it, once.</summary>
    private void PushToHighBandwidthPeers(Block block, PeerId? from)
    {
        var peers = PeersToTell(block.Hash, highBandwidth: true);
        if (peers.Count == 0)
        {
            return;
        }

        // One nonce per block: every peer gets the same short ids, computed once.
        var compact = CompactBlockFactory.Create(block);
        foreach (var peer in peers)
        {
            if (!peer.Equals(from))
            {
                Interlocked.Increment(ref _pushed);
                Send(peer, compact, "push compact block");
            }
        }
    }

    /// <summary>The peers of the given mode that have not seen <paramref name="block"/>; each is marked as having seen it.</summary>
    private List<PeerId> PeersToTell(Hash256 block, bool highBandwidth)
    {
        lock (_gate)
        {
            return [.. _peers.Values.Where(p => p.WantsHighBandwidth == highBandwidth && p.MarkKnown(block)).Select(p => p.Id)];
        }
    }

    private void MarkKnown(PeerId peer, Hash256 block)
    {
        lock (_gate)
        {
            _peers.GetValueOrDefault(peer)?.MarkKnown(block);
        }
    }

    /// <summary>
    /// CB-4.4: the peer that delivered our new tip first becomes (or stays, most recent) one of at most
    /// three high-bandwidth peers; the one chosen longest ago is moved back to low bandwidth.
    /// </summary>
    private void SelectHighBandwidth(PeerId peer)
    {
        PeerId? demoted = null;
        bool added;
        int count;
        lock (_gate)
        {
            if (!_peers.ContainsKey(peer))
            {
                return;
            }

            added = !_highBandwidth.Remove(peer);
            _highBandwidth.Add(peer);
            if (_highBandwidth.Count > CompactBlockLimits.MaxHighBandwidthPeers)
            {
                demoted = _highBandwidth[0];
                _highBandwidth.RemoveAt(0);
            }

            count = _highBandwidth.Count;
        }

        if (added)
        {
            CompactLog.HighBandwidthSelected(_logger, peer, count);
            Send(peer, new SendCompact(true, CompactBlockLimits.Version), "send compact");
        }

        if (demoted is not null)
        {
            Send(demoted, new SendCompact(false, CompactBlockLimits.Version), "send compact");
        }
    }
}
