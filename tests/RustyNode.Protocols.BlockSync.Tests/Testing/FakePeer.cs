using System.Collections.Concurrent;
using RustyNode.Network.Identity;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Serving;

namespace RustyNode.Protocols.BlockSync.Tests.Testing;

/// <summary>
/// A peer of the fake network: answers from its own chain through the real <see cref="BlockSyncServer"/>
/// unless <see cref="Intercept"/> answers first; records every request it gets.
/// </summary>
internal sealed class FakePeer : IDisposable
{
    private readonly BlockSyncServer _server;
    private int _blocksInFlight;

    public FakePeer(TestChain chain, ulong seed)
    {
        Chain = chain;
        Id = Ed25519PrivateKey.FromSeedNumber(seed).PeerId;
        _server = new BlockSyncServer(chain.Service);
    }

    public PeerId Id { get; }

    public TestChain Chain { get; }

    /// <summary>Answers a request instead of the server when it returns non-null (may also throw or hang).</summary>
    public Func<BlockSyncMessage, Task<BlockSyncMessage?>>? Intercept { get; set; }

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<BlockSyncMessage> Requests { get; } = new();

    /// <summary>The most block hashes this peer was asked for at once (over its concurrent requests).</summary>
    public int MaxBlocksInFlight { get; private set; }

    /// <summary>Blocks this peer delivered.</summary>
    public int BlocksServed { get; private set; }

    public async Task<BlockSyncMessage> HandleAsync(BlockSyncMessage request)
    {
        Requests.Enqueue(request);
        var blocks = request is BlockRequestByHash byHash ? byHash.Hashes.Count : 0;
        var inFlight = Interlocked.Add(ref _blocksInFlight, blocks);
        lock (Requests)
        {
            MaxBlocksInFlight = Math.Max(MaxBlocksInFlight, inFlight);
        }

        try
        {
            var response = Intercept is { } intercept ? await intercept(request) : null;
            response ??= request is HeaderAnnouncement ? AnnouncementAck.Instance : _server.Answer(request);
            if (response is BlockResponse served)
            {
                lock (Requests)
                {
                    BlocksServed += served.Blocks.Count;
                }
            }

            return response;
        }
        finally
        {
            Interlocked.Add(ref _blocksInFlight, -blocks);
        }
    }

    public void Dispose() => Chain.Dispose();
}
