using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Storage;

namespace RustyNode.Bench.Consensus;

/// <summary>
/// Connecting a block of 1,000 signed transactions. Baseline: the 1,000 raw libsecp256k1
/// verifications on one core. ValidateOnly runs every connect rule without storage, on one thread
/// and spread over all cores; ConnectAndStore is the whole step including the SQLite transaction.
/// The block before it (which created the coins it spends) is connected in the iteration setup.
/// </summary>
[MemoryDiagnoser]
public class BlockConnectBenchmarks
{
    private ConsensusFixture _fixture = null!;
    private string _templateDir = null!;
    private string _workDir = null!;
    private ChainStore _store = null!;
    private ChainManager _chain = null!;
    private NativeSecp256k1 _native = null!;
    private byte[][] _digests = [];
    private byte[][] _signatures = [];
    private byte[][] _keys = [];

    [GlobalSetup]
    public void Setup()
    {
        _native = (NativeSecp256k1)(Secp256k1.Native ?? throw new InvalidOperationException("install libsecp256k1-1"));
        _fixture = new ConsensusFixture();
        _templateDir = Path.Combine(Path.GetTempPath(), "rustynode-bench-" + Guid.NewGuid().ToString("N"));
        _fixture.CreateTemplateStore(_templateDir, includeFanOut: false);
        _digests = new byte[ConsensusFixture.Transactions][];
        _signatures = new byte[ConsensusFixture.Transactions][];
        _keys = new byte[ConsensusFixture.Transactions][];
        for (var i = 0; i < _digests.Length; i++)
        {
            if (!StandardScripts.TryParseUnlockingScript(_fixture.Spends[i].Inputs[0].ScriptSig, out var der, out _, out var key))
            {
                throw new InvalidOperationException("fixture script");
            }

            _signatures[i] = der.ToArray();
            _keys[i] = key.ToArray();
            _digests[i] = new byte[32];
            new SignatureHasher(_fixture.Spends[i]).ComputeHash(0, _fixture.SpentCoins[i].Output.ScriptPubKey, _fixture.SpentCoins[i].Output.Value, StandardScripts.SigHashAll, _digests[i]);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_templateDir, recursive: true);

    [IterationSetup]
    public void OpenCopy()
    {
        _workDir = Path.Combine(Path.GetTempPath(), "rustynode-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_workDir);
        foreach (var file in Directory.GetFiles(_templateDir))
        {
            File.Copy(file, Path.Combine(_workDir, Path.GetFileName(file)));
        }

        _store = ChainStore.Open(Path.Combine(_workDir, "chain.sqlite"));
        _chain = new ChainManager(_store, ChainParameters.Regtest, new BlockConnectOptions(), TimeProvider.System, NullLogger.Instance);

        // Connect the fan-out block outside the measurement: as in steady state, the coins the
        // measured block spends were created by the block just before it.
        if (!_chain.ProcessBlock(_fixture.Prefix[^1], out _).IsAccepted)
        {
            throw new InvalidOperationException("fan-out block refused");
        }
    }

    [IterationCleanup]
    public void CloseCopy()
    {
        _store.Dispose();
        Directory.Delete(_workDir, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public int RawVerify1000OneCore()
    {
        var ok = 0;
        for (var i = 0; i < _digests.Length; i++)
        {
            ok += _native.VerifyRaw(_keys[i], _signatures[i], _digests[i]) ? 1 : 0;
        }

        return ok;
    }

    [Benchmark]
    public bool ValidateOnlyOneThread() => Validate(1);

    [Benchmark]
    public bool ValidateOnlyAllCores() => Validate(Environment.ProcessorCount);

    [Benchmark]
    public bool ConnectAndStore() => _chain.ProcessBlock(_fixture.BigBlock, out _).IsAccepted;

    private bool Validate(int threads)
    {
        var options = new BlockConnectOptions { DegreeOfParallelism = threads };
        var entry = new BlockIndexEntry(_fixture.BigBlock.Header, _chain.Tip, 0);
        if (!BlockValidator.CheckBlock(_fixture.BigBlock, ChainParameters.Regtest).IsAccepted)
        {
            return false;
        }

        // Connect moves the list to the block on success; put it back, the block is not kept.
        var accepted = BlockValidator.Connect(_fixture.BigBlock, entry, _store, ChainParameters.Regtest, options, _chain.Masternodes, out _, out var masternodes).IsAccepted;
        _chain.Masternodes.Revert(masternodes);
        return accepted;
    }
}
