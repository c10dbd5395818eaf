using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Service;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;
using RustyNode.Node.Tests.Testing;
using RustyNode.Protocols.BlockSync;
using RustyNode.Protocols.Masternode;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Sync;
using RustyNode.Protocols.Masternode.Wire;

namespace RustyNode.Node.Tests.Masternodes;

/// <summary>
/// An in-process peer with a real chain (20 masternodes) served honestly by block sync, whose
/// /rusty/masternode/1.0 answers are forged: a diff with one entry's service changed, or (when
/// <see cref="RefuseDiffs"/>) a refused diff and full-list chunks with one entry changed. Their
/// coinbase proofs hold; their roots do not match the commitment (MN-3.3, MN-2.3). Its data dir is
/// deleted on dispose.
/// </summary>
public sealed class LyingMasternodePeer : IAsyncDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("rustynode-mn-liar-").FullName;
    private readonly ChainService _chain;
    private readonly BlockSyncBehaviour _blockSync;
    private readonly RequestResponseBehaviour<IMasternodeMessage, IMasternodeMessage> _masternodes;
    private readonly Swarm _swarm;
    private int _lies;

    private LyingMasternodePeer(bool refuseDiffs)
    {
        RefuseDiffs = refuseDiffs;
        _chain = ChainService.Open(_dataDir, ChainParameters.Regtest);
        try
        {
            Assert.True(_chain.Generate(ChainParameters.Regtest.CoinbaseMaturity + 10).Accepted);
            Assert.True(_chain.RegisterMasternodes(20, ServiceAddress.Create(IPAddress.Parse("10.1.0.1"), 4_000)).Accepted);
            Assert.True(_chain.Generate(2).Accepted);
        }
        catch
        {
            _chain.Dispose();
            TempDirectory.Delete(_dataDir);
            throw;
        }

        _blockSync = new BlockSyncBehaviour(_chain);
        _masternodes = new RequestResponseBehaviour<IMasternodeMessage, IMasternodeMessage>(new MasternodeWireCodec(), AnswerAsync);
        var options = new SwarmOptions();
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        _swarm = new Swarm(Ed25519PrivateKey.Generate(), options, [_blockSync, _masternodes], NullLoggerFactory.Instance);
    }

    public bool RefuseDiffs { get; }

    /// <summary>Forged answers given so far.</summary>
    public int Lies => Volatile.Read(ref _lies);

    public PeerId PeerId => _swarm.LocalPeerId;

    public string Address => _swarm.ListenAddresses[0].WithP2p(PeerId.ToBytes()).ToString();

    public string MerkleRoot => _chain.GetMasternodeInfo(false).MerkleRoot;

    public int Height => _chain.BestHeader.Height;

    public static async Task<LyingMasternodePeer> StartAsync(bool refuseDiffs)
    {
        var peer = new LyingMasternodePeer(refuseDiffs);
        await peer._swarm.StartAsync(CancellationToken.None);
        peer._blockSync.Start();
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        await _swarm.DisposeAsync();
        await _blockSync.DisposeAsync();
        _chain.Dispose();
        TempDirectory.Delete(_dataDir);
    }

    private ValueTask<IMasternodeMessage> AnswerAsync(PeerId peer, IMasternodeMessage request, CancellationToken cancellationToken)
    {
        IMasternodeMessage answer = request switch
        {
            MasternodeListSyncRequest ask when !RefuseDiffs => ForgedDiff(ask),
            MasternodeListRequest ask when RefuseDiffs => ForgedChunk(ask),
            _ => throw new InvalidOperationException("refused"),
        };
        Interlocked.Increment(ref _lies);
        return ValueTask.FromResult(answer);
    }

    private MasternodeListSync ForgedDiff(MasternodeListSyncRequest ask)
    {
        var diff = MasternodeSyncMessages.Diff(_chain.GetMasternodeDiff(ask.BaseBlockHash, ask.TargetBlockHash)!)!;
        return diff with { Added = [Forge(diff.Added[0]), .. diff.Added.Skip(1)] };
    }

    private MasternodeListResponse ForgedChunk(MasternodeListRequest ask)
    {
        var chunk = MasternodeSyncMessages.Chunk(_chain.GetMasternodeListAt(ask.BlockHash)!, ask.ChunkIndex)!;
        return chunk with { Entries = [Forge(chunk.Entries[0]), .. chunk.Entries.Skip(1)] };
    }

    private static MasternodeEntry Forge(MasternodeEntry entry) => entry.WithService(ServiceAddress.Create(IPAddress.Parse("10.9.9.9"), 1));
}
