using RustyNode.Consensus.Model;
using RustyNode.Network.Identity;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>A downloaded block waiting for its turn to connect (BS-5.4), with the peer that sent it.</summary>
internal sealed record BufferedBlock(Block Block, PeerId Sender, int Size, int Height);
