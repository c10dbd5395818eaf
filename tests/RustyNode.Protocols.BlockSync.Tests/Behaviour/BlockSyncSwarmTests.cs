using RustyNode.Consensus.Model;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Tests.Testing;
using RustyNode.Protocols.BlockSync.Wire;

namespace RustyNode.Protocols.BlockSync.Tests.Behaviour;

/// <summary>Block sync between real swarms on 127.0.0.1: yamux, chunked responses, announcements, bans.</summary>
public class BlockSyncSwarmTests
{
    [Fact]
    [Trait("Clause", "BS-1.3")]
    [Trait("Clause", "BS-3.5")]
    public async Task Node_syncs_a_chain_of_big_blocks_over_real_streams_and_follows_new_blocks()
    {
        await using var source = await SyncNode.StartAsync(BigBlocks.All);
        await using var node = await SyncNode.StartAsync([]);
        await node.ConnectAsync(source);
        await SyncHarness.WaitUntilAsync(() => node.Chain.Service.Tip.Hash == source.Chain.Service.Tip.Hash, "the node to sync");
        Assert.Equal(source.Chain.Service.GetUtxoDigest(), node.Chain.Service.GetUtxoDigest());

        // New blocks on the source are announced and followed without polling.
        var generated = source.Chain.Service.Generate(3);
        Assert.True(generated.Accepted);
        await SyncHarness.WaitUntilAsync(() => node.Chain.Service.Tip.Hash.ToString() == generated.Hashes[^1], "the node to follow");
        await SyncHarness.WaitUntilAsync(() => node.BlockSync!.Progress is { State: "synced", Peers: 1 }, "the synced state");
    }

    [Fact]
    [Trait("Clause", "BS-7.2")]
    public async Task Peer_serving_headers_with_bad_proof_of_work_is_banned_and_sync_carries_on_with_the_others()
    {
        var blocks = Chains.Long.Take(150).ToList();
        var bad = blocks.Select(b => b.Header).ToList();
        bad[40] = Sync.HeaderSyncTests.Unmined(bad[40]);
        await using var honest = await SyncNode.StartAsync(blocks);
        RequestResponseBehaviour<BlockSyncMessage, BlockSyncMessage>? hostileRequests = null;
        await using var hostile = await SyncNode.StartAsync(new TestChain(), _ => hostileRequests = new RequestResponseBehaviour<BlockSyncMessage, BlockSyncMessage>(
            new BlockSyncCodec(),
            (_, request, _) => ValueTask.FromResult<BlockSyncMessage>(request is GetHeaders ? new Headers(bad) : AnnouncementAck.Instance)));
        await using var node = await SyncNode.StartAsync([], protect: true);

        await node.ConnectAsync(hostile);
        await hostileRequests!.SendRequestAsync(node.PeerId, new HeaderAnnouncement([bad[^1]]), CancellationToken.None);
        await SyncHarness.WaitUntilAsync(() => node.Protection!.GetBan(hostile.PeerId) is not null, "the hostile peer's ban");
        Assert.Contains(BlockSyncPenalties.BadProofOfWork, node.Protection!.GetBan(hostile.PeerId)!.Reason, StringComparison.Ordinal);
        await SyncHarness.WaitUntilAsync(() => node.Swarm.GetConnections(hostile.PeerId).Count == 0, "the hostile peer's disconnection");

        await node.ConnectAsync(honest);
        await SyncHarness.WaitUntilAsync(() => node.Chain.Service.Tip.Hash == honest.Chain.Service.Tip.Hash, "the node to sync from the honest peer");
        Assert.Null(node.Protection.GetBan(honest.PeerId));
    }

    [Fact]
    [Trait("Clause", "BS-1.4")]
    public async Task Malformed_request_is_a_protocol_violation_reported_against_the_sender()
    {
        await using var node = await SyncNode.StartAsync([], protect: true);
        var raw = new RequestResponseBehaviour<byte[], byte[]>(new BytesCodec([BlockSyncCodec.ProtocolId]), null);
        await using var client = await SyncNode.StartAsync(new TestChain(), _ => raw);
        await client.ConnectAsync(node);

        // Code 0x09 names no message.
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => raw.SendRequestAsync(node.PeerId, [0x09, 0x00], CancellationToken.None));
        Assert.Equal(RequestFailure.Refused, error.Reason);
        await SyncHarness.WaitUntilAsync(() => node.Protection!.GetReputation(client.PeerId) < 0, "the report");
        Assert.Equal(BlockSyncPenalties.MalformedMessageWeight, node.Protection!.GetReputation(client.PeerId), 0.5);
    }
}
