using RustyNode.Consensus.Crypto;

namespace RustyNode.Consensus.Chain;

/// <summary>How blocks are connected: which secp256k1 backend and how many threads.</summary>
public sealed class BlockConnectOptions
{
    /// <summary>The signature backend. Default: <see cref="Secp256k1.Default"/> (libsecp256k1 when installed).</summary>
    public ISecp256k1 Backend { get; init; } = Secp256k1.Default;

    /// <summary>Threads that verify a block's signatures. Default: the processor count.</summary>
    public int DegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
