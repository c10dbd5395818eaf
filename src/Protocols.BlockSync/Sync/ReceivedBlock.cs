using RustyNode.Consensus;
using RustyNode.Consensus.Model;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>
/// One block of a response, parsed and put through the context-free checks as it arrived (BS-5.3);
/// <paramref name="Block"/> is null when it did not parse.
/// </summary>
internal sealed record ReceivedBlock(Block? Block, int Size, ValidationResult Check);
