using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Mempool;
using RustyNode.Consensus.Storage;

namespace RustyNode.Bench.Consensus;

/// <summary>
/// Mempool accept rate: 1,000 signed one-input transactions into an empty mempool over a stored
/// UTXO set. Baseline: the same 1,000 signature checks alone, so the ratio is the mempool's overhead.
/// </summary>
[MemoryDiagnoser]
public class MempoolBenchmarks
{
    private ConsensusFixture _fixture = null!;
    private string _dataDir = null!;
    private ChainStore _store = null!;
    private ChainManager _chain = null!;
    private TxMempool _mempool = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new ConsensusFixture();
        _dataDir = Path.Combine(Path.GetTempPath(), "rustynode-bench-" + Guid.NewGuid().ToString("N"));
        var path = _fixture.CreateTemplateStore(_dataDir);
        _store = ChainStore.Open(path);
        _chain = new ChainManager(_store, ChainParameters.Regtest, new BlockConnectOptions(), TimeProvider.System, NullLogger.Instance);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    [IterationSetup]
    public void FreshMempool() => _mempool = new TxMempool(_chain, new MempoolOptions(), NullLogger.Instance);

    [Benchmark(Baseline = true, OperationsPerInvoke = ConsensusFixture.Transactions)]
    public int SignatureChecksOnly()
    {
        var ok = 0;
        for (var i = 0; i < _fixture.Spends.Length; i++)
        {
            var job = new SignatureJob(_fixture.Spends[i], new SignatureHasher(_fixture.Spends[i]), 0, _fixture.SpentCoins[i]);
            ok += job.Verify(Secp256k1.Default) == RejectReason.None ? 1 : 0;
        }

        return ok;
    }

    [Benchmark(OperationsPerInvoke = ConsensusFixture.Transactions)]
    public int Accept()
    {
        var ok = 0;
        foreach (var tx in _fixture.Spends)
        {
            ok += _mempool.Accept(tx).IsAccepted ? 1 : 0;
        }

        return ok;
    }
}
