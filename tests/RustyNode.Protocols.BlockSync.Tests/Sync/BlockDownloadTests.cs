using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Tests.Testing;

namespace RustyNode.Protocols.BlockSync.Tests.Sync;

/// <summary>Parallel block download (BS-5.1 to BS-5.5, BS-5.8) against in-memory peers.</summary>
public class BlockDownloadTests
{
    [Fact]
    [Trait("Clause", "BS-5.1")]
    [Trait("Clause", "BS-5.2")]
    [Trait("Clause", "BS-5.4")]
    public async Task Blocks_come_by_hash_from_every_peer_within_the_window_and_connect_in_order()
    {
        await using var node = new SyncHarness(new BlockSyncOptions { DownloadWindow = 64 });
        var connected = new List<int>();
        node.Chain.Service.ChainUpdated += (_, e) =>
        {
            lock (connected)
            {
                connected.AddRange(Enumerable.Range(e.Height - e.Update.Connected.Count + 1, e.Update.Connected.Count));
            }
        };
        var blocks = Chains.Long.Take(600).ToList();
        var aheadOfTip = 0;
        node.Manager.Start();
        var peers = new List<FakePeer>();
        for (var i = 0; i < 3; i++)
        {
            var peer = await node.ConnectAsync(blocks, announce: false);
            peer.Intercept = request =>
            {
                if (request is BlockRequestByHash byHash)
                {
                    var tip = node.Chain.Service.Tip.Height;
                    var highest = byHash.Hashes.Max(h => peer.Chain.Service.TryGetHeaderInfo(h, out var info) ? info.Height : int.MaxValue);
                    InterlockedMax(ref aheadOfTip, highest - tip);
                }

                return Task.FromResult<BlockSyncMessage?>(null);
            };
            peers.Add(peer);
        }

        foreach (var peer in peers)
        {
            await node.AnnounceTipAsync(peer);
        }

        await node.WaitForTipOfAsync(peers[0]);
        Assert.All(peers, p => Assert.True(p.BlocksServed > 0, "every peer served blocks"));
        Assert.All(peers, p => Assert.InRange(p.MaxBlocksInFlight, 1, 16));
        Assert.Equal(600, peers.Sum(p => p.BlocksServed));
        Assert.InRange(aheadOfTip, 1, 64);
        Assert.DoesNotContain(peers.SelectMany(p => p.Requests), r => r is BlockRequest);
        lock (connected)
        {
            Assert.Equal(Enumerable.Range(1, 600), connected);
        }

        Assert.Empty(node.Network.Reports);
    }

    [Fact]
    [Trait("Clause", "BS-5.3")]
    public async Task Block_with_a_bad_merkle_root_bans_its_sender_and_comes_from_another_peer()
    {
        await using var node = new SyncHarness();
        var blocks = Chains.Long.Take(200).ToList();
        node.Manager.Start();
        var hostile = await node.ConnectAsync(blocks, intercept: peer => request => Task.FromResult<BlockSyncMessage?>(request is BlockRequestByHash byHash
            ? new BlockResponse([.. byHash.Hashes.Select(h => (ReadOnlyMemory<byte>)Mutated(peer.Chain.Service.GetBlock(h)!).ToBytes())])
            : null));
        await SyncHarness.WaitUntilAsync(() => node.Network.Banned.Contains(hostile.Id), "the hostile peer's ban");
        var honest = await node.ConnectAsync(blocks);

        await node.WaitForTipOfAsync(honest);
        Assert.Equal(BlockSyncPenalties.InvalidBlock, node.Network.ReasonsFor(hostile.Id)[0]);
        Assert.Contains(hostile.Id, node.Network.Banned);
        Assert.Empty(node.Network.ReasonsFor(honest.Id));
    }

    [Fact]
    [Trait("Clause", "BS-5.3")]
    public async Task Unrequested_and_surplus_blocks_are_scored_and_omitted_ones_fetched_elsewhere()
    {
        await using var node = new SyncHarness();
        var blocks = Chains.Long.Take(100).ToList();
        node.Manager.Start();
        var wrong = await node.ConnectAsync(blocks, intercept: _ => request => Task.FromResult<BlockSyncMessage?>(request is BlockRequestByHash
            ? new BlockResponse([Chains.Long[150].ToBytes()])
            : null));
        await AskedForBlocksAsync(node, wrong);
        var surplus = await node.ConnectAsync(blocks, intercept: peer => request => Task.FromResult<BlockSyncMessage?>(request is BlockRequestByHash byHash
            ? new BlockResponse([.. byHash.Hashes.Append(blocks[99].Hash).Select(h => (ReadOnlyMemory<byte>)peer.Chain.Service.GetBlockBytes(h)!)])
            : null));
        await AskedForBlocksAsync(node, surplus);
        var stingy = await node.ConnectAsync(blocks, intercept: _ => request => Task.FromResult<BlockSyncMessage?>(request is BlockRequestByHash ? new BlockResponse([]) : null));
        await AskedForBlocksAsync(node, stingy);
        var honest = await node.ConnectAsync(blocks);

        await node.WaitForTipOfAsync(honest);
        Assert.Contains(BlockSyncPenalties.UnrequestedData, node.Network.ReasonsFor(wrong.Id));
        Assert.Contains(BlockSyncPenalties.OversizedReply, node.Network.ReasonsFor(surplus.Id));
        Assert.Empty(node.Network.ReasonsFor(stingy.Id));
        Assert.Empty(node.Network.ReasonsFor(honest.Id));

        // Having delivered nothing, the stingy peer was only ever asked again for blocks below those it lacked.
        var asked = stingy.Requests.OfType<BlockRequestByHash>()
            .Select(r => r.Hashes.Select(h => honest.Chain.Service.TryGetHeaderInfo(h, out var info) ? info.Height : -1).ToList())
            .ToList();
        for (var i = 1; i < asked.Count; i++)
        {
            Assert.True(asked[i].Max() < asked[i - 1].Min(), $"request {i} asked for heights it was shown to lack");
        }
    }

    [Fact]
    [Trait("Clause", "BS-5.4")]
    public async Task Block_that_fails_to_connect_invalidates_its_chain_and_the_node_follows_a_valid_one()
    {
        await using var node = new SyncHarness();
        var generator = Chains.Generator("connect-failure");
        var common = generator.Build(101);
        var honestBranch = generator.Clone().Build(3);
        var coin = generator.Spendable[0];
        var forged = generator.CreateSpend([coin with { Key = Consensus.Crypto.PrivateKey.FromSeed("thief") }], 1, 1_000);
        List<Block> badBranch = [generator.AddBlock([forged]), .. generator.Build(4)];
        var served = badBranch.ToDictionary(b => b.Hash);
        node.Manager.Start();
        var hostile = await node.ConnectAsync(common, announce: false);
        var headers = new HeaderList([.. common.Concat(badBranch).Select(b => b.Header)]);
        hostile.Intercept = request => request switch
        {
            GetHeaders => headers.Answer(request),
            BlockRequestByHash byHash => Task.FromResult<BlockSyncMessage?>(new BlockResponse(
                [.. byHash.Hashes.Select(h => (ReadOnlyMemory<byte>)(served.TryGetValue(h, out var b) ? b.ToBytes() : hostile.Chain.Service.GetBlockBytes(h)!))])),
            _ => Task.FromResult<BlockSyncMessage?>(null),
        };
        await HeaderSyncTests.Announce(node, hostile, badBranch[^1].Header);
        await SyncHarness.WaitUntilAsync(() => node.Network.ReasonsFor(hostile.Id).Count > 0, "the invalid block");
        Assert.Equal([BlockSyncPenalties.InvalidBlock], node.Network.ReasonsFor(hostile.Id));
        Assert.True(node.Chain.Service.TryGetHeaderInfo(badBranch[^1].Hash, out var info) && info.IsInvalid);

        var honest = await node.ConnectAsync([.. common, .. honestBranch]);
        await node.WaitForTipOfAsync(honest);
    }

    [Fact]
    [Trait("Clause", "BS-5.5")]
    public async Task No_new_requests_while_the_waiting_blocks_fill_the_memory_bound()
    {
        var blocks = Chains.Long.Take(300).ToList();
        // A bound of one block's size: once one block waits, nothing more is asked for.
        await using var node = new SyncHarness(bufferLimit: blocks[1].Size);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Manager.Start();
        var slow = await node.ConnectAsync(blocks, intercept: _ => async request =>
        {
            if (request is BlockRequestByHash)
            {
                await release.Task;
            }

            return null;
        });
        node.Clock.Advance(TimeSpan.FromMilliseconds(10));
        var fast = await node.ConnectAsync(blocks);
        await SyncHarness.WaitUntilAsync(() => node.Manager.Progress.Buffered > 0, "blocks waiting for the first");
        var asked = fast.Requests.OfType<BlockRequestByHash>().Count();
        await Task.Delay(200);
        Assert.Equal(asked, fast.Requests.OfType<BlockRequestByHash>().Count());

        release.SetResult();
        await node.WaitForTipOfAsync(fast);
    }

    [Fact]
    [Trait("Clause", "BS-5.8")]
    public async Task Failed_requests_and_a_departed_peer_release_their_blocks_to_the_others()
    {
        var blocks = Chains.Long.Take(300).ToList();
        await using var node = new SyncHarness();
        node.Manager.Start();
        var refusing = await node.ConnectAsync(blocks, intercept: peer => request => request is BlockRequestByHash
            ? Task.FromException<BlockSyncMessage?>(new RequestFailedException(peer.Id, RequestFailure.Refused, "refused"))
            : Task.FromResult<BlockSyncMessage?>(null));
        await AskedForBlocksAsync(node, refusing);
        var hanging = await node.ConnectAsync(blocks, intercept: _ => async request =>
        {
            if (request is BlockRequestByHash)
            {
                await Task.Delay(Timeout.Infinite);
            }

            return null;
        });
        await AskedForBlocksAsync(node, hanging);
        var honest = await node.ConnectAsync(blocks);
        node.Network.Remove(hanging.Id);
        node.Manager.PeerDisconnected(hanging.Id);

        await node.WaitForTipOfAsync(honest);
        Assert.Empty(node.Network.Reports);
    }

    private static Task AskedForBlocksAsync(SyncHarness node, FakePeer peer) =>
        node.WaitAsync(() => peer.Requests.Any(r => r is BlockRequestByHash), "a block request to the peer");

    /// <summary>The block with its coinbase changed: same header, transactions that no longer match its merkle root.</summary>
    internal static Block Mutated(Block block)
    {
        var coinbase = block.Transactions[0];
        var changed = new Transaction(coinbase.Version, coinbase.Inputs, [.. coinbase.Outputs, new TxOut(0, [0x6a])], coinbase.LockTime);
        return new Block(block.Header, [changed, .. block.Transactions.Skip(1)]);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
