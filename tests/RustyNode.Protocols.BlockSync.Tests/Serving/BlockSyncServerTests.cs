using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Serving;
using RustyNode.Protocols.BlockSync.Tests.Testing;

namespace RustyNode.Protocols.BlockSync.Tests.Serving;

/// <summary>What a node answers (BS-3.1 to BS-3.4).</summary>
public class BlockSyncServerTests
{
    [Fact]
    [Trait("Clause", "BS-3.1")]
    public void GetHeaders_is_answered_after_the_first_known_locator_hash_up_to_the_stop_hash_or_2000()
    {
        using var chain = TestChain.With(Chains.Long.Take(2_500));
        var server = new BlockSyncServer(chain.Service);
        var unknown = new Hash256(Enumerable.Repeat((byte)7, 32).ToArray());

        var all = Assert.IsType<Headers>(server.Answer(new GetHeaders([unknown], Hash256.Zero)));
        Assert.Equal(Chains.Long.Take(2_000).Select(b => b.Hash), all.Items.Select(h => h.Hash));
        var after = Assert.IsType<Headers>(server.Answer(new GetHeaders([unknown, Chains.Long[99].Hash, Chains.Long[9].Hash], Chains.Long[109].Hash)));
        Assert.Equal(Chains.Long.Skip(100).Take(10).Select(b => b.Hash), after.Items.Select(h => h.Hash));
        Assert.Empty(Assert.IsType<Headers>(server.Answer(new GetHeaders([Chains.Long[2_499].Hash], Hash256.Zero))).Items);
    }

    [Fact]
    [Trait("Clause", "BS-3.2")]
    public void Height_range_is_answered_from_the_active_chain_and_ends_at_the_tip()
    {
        using var chain = TestChain.With(Chains.Long.Take(50));
        var server = new BlockSyncServer(chain.Service);

        var range = Assert.IsType<BlockResponse>(server.Answer(new BlockRequest(45, 60)));
        Assert.Equal(Chains.Long.Skip(44).Take(6).Select(b => b.ToBytes()), range.Blocks.Select(b => b.ToArray()));
        Assert.Empty(Assert.IsType<BlockResponse>(server.Answer(new BlockRequest(51, 51))).Blocks);
        Assert.Single(Assert.IsType<BlockResponse>(server.Answer(new BlockRequest(0, 0))).Blocks);
    }

    [Fact]
    [Trait("Clause", "BS-3.3")]
    public void Hash_request_is_answered_in_order_leaving_out_unknown_blocks_and_including_side_branches()
    {
        var generator = Chains.Generator("server");
        var main = generator.Build(20);
        using var chain = TestChain.With(main);
        var side = Chains.Generator("server-side").Build(1);
        chain.Add(side);
        var server = new BlockSyncServer(chain.Service);
        var unknown = Chains.Long[5].Hash;

        var answer = Assert.IsType<BlockResponse>(server.Answer(new BlockRequestByHash([main[7].Hash, unknown, side[0].Hash, main[2].Hash])));
        Assert.Equal([main[7].ToBytes(), side[0].ToBytes(), main[2].ToBytes()], answer.Blocks.Select(b => b.ToArray()));
    }

    [Fact]
    [Trait("Clause", "BS-3.4")]
    public void Blocks_stop_before_the_10_MiB_cap_and_the_first_block_always_fits()
    {
        using var chain = TestChain.With(BigBlocks.All);
        var server = new BlockSyncServer(chain.Service);
        var big = BigBlocks.All.Skip(112).ToList();
        Assert.All(big, b => Assert.InRange(b.Size, 1_800_000, 2_000_000));

        var answer = Assert.IsType<BlockResponse>(server.Answer(new BlockRequestByHash([.. big.Select(b => b.Hash)])));
        var size = BlockSyncMessageCodec.GetSize(answer);
        Assert.Equal(big.Count - 1, answer.Blocks.Count);
        Assert.True(size <= BlockSyncLimits.MaxMessageSize);
        Assert.True(size + big[^1].Size > BlockSyncLimits.MaxMessageSize);
        Assert.Single(Assert.IsType<BlockResponse>(server.Answer(new BlockRequestByHash([big[0].Hash]))).Blocks);
    }
}
