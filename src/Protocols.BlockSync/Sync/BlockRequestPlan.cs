using RustyNode.Consensus.Service;
using RustyNode.Network.Identity;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>One block request the scheduler decided on: the blocks to ask <paramref name="Peer"/> for, by hash.</summary>
internal sealed record BlockRequestPlan(long Id, PeerId Peer, IReadOnlyList<BlockRef> Blocks);
