namespace RustyNode.Consensus.Service;

/// <summary>Answer to <c>{"type":"generate","blocks":N}</c>.</summary>
/// <param name="Accepted">False when refused (not regtest, bad count) or a produced block was refused.</param>
/// <param name="Hashes">Hashes of the blocks produced, lowest first.</param>
/// <param name="Reason">The reject reason name when not accepted.</param>
public sealed record GenerateResult(bool Accepted, IReadOnlyList<string> Hashes, string? Reason = null);
