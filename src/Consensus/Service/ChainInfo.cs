namespace RustyNode.Consensus.Service;

/// <summary>Answer to <c>{"type":"chain"}</c>.</summary>
/// <param name="Network">mainnet, testnet or regtest.</param>
/// <param name="Height">Height of the active tip.</param>
/// <param name="BestHash">Hash of the active tip, displayed hex.</param>
/// <param name="ChainWork">Total work of the active chain, hex.</param>
/// <param name="Headers">Height of the best known header.</param>
/// <param name="BestHeaderHash">Hash of the best known header.</param>
/// <param name="MedianTime">Median time past of the tip, Unix seconds.</param>
public sealed record ChainInfo(string Network, int Height, string BestHash, string ChainWork, int Headers, string BestHeaderHash, long MedianTime);
