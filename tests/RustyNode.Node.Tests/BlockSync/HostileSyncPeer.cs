using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Service;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;
using RustyNode.Node.Tests.Testing;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Serving;
using RustyNode.Protocols.BlockSync.Wire;

namespace RustyNode.Node.Tests.BlockSync;

/// <summary>How a <see cref="HostileSyncPeer"/> misbehaves.</summary>
public enum HostileSyncMode
{
    /// <summary>The last header of every Headers reply has mainnet nBits: its hash misses the target.</summary>
    InvalidHeaders,

    /// <summary>Headers are honest; every block served has its coinbase changed, so its merkle root no longer matches.</summary>
    BadMerkleRoot,

    /// <summary>Headers are honest; block requests are held open and never answered.</summary>
    Stall,
}

/// <summary>
/// A peer in the test process that speaks /rusty/block-sync/1.0 over a real swarm: it holds a valid
/// chain in its own data dir (deleted on dispose), announces its tip to the node it dials, and
/// answers from the chain through <see cref="BlockSyncServer"/> except where <see cref="Mode"/> says to misbehave.
/// </summary>
public sealed class HostileSyncPeer : IAsyncDisposable
{
    private readonly string _dataDir;
    private readonly ChainService _chain;
    private readonly BlockSyncServer _server;
    private readonly RequestResponseBehaviour<BlockSyncMessage, BlockSyncMessage> _requests;
    private readonly Swarm _swarm;
    private int _blockRequests;

    private HostileSyncPeer(HostileSyncMode mode, string dataDir, ChainService chain)
    {
        Mode = mode;
        _dataDir = dataDir;
        _chain = chain;
        _server = new BlockSyncServer(chain);
        _requests = new RequestResponseBehaviour<BlockSyncMessage, BlockSyncMessage>(new BlockSyncCodec(), AnswerAsync);
        var options = new SwarmOptions();
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        _swarm = new Swarm(Ed25519PrivateKey.Generate(), options, [_requests], NullLoggerFactory.Instance);
    }

    public HostileSyncMode Mode { get; }

    public string PeerId => _swarm.LocalPeerId.ToString();

    /// <summary>Block requests (by height or by hash) received.</summary>
    public int BlockRequests => Volatile.Read(ref _blockRequests);

    /// <summary>Starts a peer holding <paramref name="blocks"/> (above genesis).</summary>
    public static async Task<HostileSyncPeer> StartAsync(HostileSyncMode mode, IReadOnlyList<Block> blocks)
    {
        var dataDir = Directory.CreateTempSubdirectory("rustynode-hostile-sync-").FullName;
        var chain = ChainService.Open(dataDir, ChainParameters.Regtest);
        try
        {
            foreach (var block in blocks)
            {
                var result = chain.ProcessBlock(block);
                Assert.True(result.IsAccepted, result.ToString());
            }
        }
        catch
        {
            chain.Dispose();
            TempDirectory.Delete(dataDir);
            throw;
        }

        var peer = new HostileSyncPeer(mode, dataDir, chain);
        await peer._swarm.StartAsync(CancellationToken.None);
        return peer;
    }

    /// <summary>Dials the daemon at <paramref name="address"/> and announces our tip to it (BS-4.6).</summary>
    public async Task DialAndAnnounceAsync(string address)
    {
        var connection = await _swarm.DialAsync(Multiaddr.Parse(address), CancellationToken.None);
        var tip = _chain.GetBlock(_chain.Tip.Hash)!.Header;
        await _requests.SendRequestAsync(connection.RemotePeer, new HeaderAnnouncement([tip]), CancellationToken.None);
    }

    private async ValueTask<BlockSyncMessage> AnswerAsync(PeerId peer, BlockSyncMessage request, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case HeaderAnnouncement:
                return AnnouncementAck.Instance;
            case GetHeaders when Mode == HostileSyncMode.InvalidHeaders:
                return WithBadLastHeader((Headers)_server.Answer(request));
            case GetHeaders:
                return _server.Answer(request);
            case BlockRequest or BlockRequestByHash:
                Interlocked.Increment(ref _blockRequests);
                if (Mode == HostileSyncMode.Stall)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                var answer = (BlockResponse)_server.Answer(request);
                return Mode == HostileSyncMode.BadMerkleRoot ? new BlockResponse([.. answer.Blocks.Select(Tamper)]) : answer;
            default:
                throw new InvalidOperationException($"Unexpected request {request.Code}.");
        }
    }

    private static Headers WithBadLastHeader(Headers headers)
    {
        if (headers.Items.Count == 0)
        {
            return headers;
        }

        var last = headers.Items[^1];
        var forged = new BlockHeader(last.Version, last.PreviousHash, last.MerkleRoot, last.Time, 0x1d00ffff, last.Nonce);
        return new Headers([.. headers.Items.Take(headers.Items.Count - 1), forged]);
    }

    /// <summary>The block with one base unit less paid by its coinbase: same header, different merkle root.</summary>
    private static ReadOnlyMemory<byte> Tamper(ReadOnlyMemory<byte> bytes)
    {
        var block = Block.FromBytes(bytes);
        var coinbase = block.Transactions[0];
        var outputs = coinbase.Outputs.Select((o, i) => i == 0 ? o with { Value = o.Value - 1 } : o).ToArray();
        var changed = new Transaction(coinbase.Version, coinbase.Inputs, outputs, coinbase.LockTime);
        return new Block(block.Header, [changed, .. block.Transactions.Skip(1)]).ToBytes();
    }

    public async ValueTask DisposeAsync()
    {
        await _swarm.DisposeAsync();
        _chain.Dispose();
        TempDirectory.Delete(_dataDir);
    }
}
