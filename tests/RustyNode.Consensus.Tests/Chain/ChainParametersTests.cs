using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Chain;

public class ChainParametersTests
{
    [Theory]
    [Trait("Clause", "CHAIN-6.2")]
    [InlineData("mainnet", "000000f8fd1db2888c3f751e7900ae79868ad5f38edc0bde49f8d47dc71af0f2")]
    [InlineData("testnet", "000004f2bad4db812c0279d422fca9d938fffad71da68854a1df9822e64a43c1")]
    [InlineData("regtest", "4488e4447337698e26aed5c3900c91aa2f7e0d527203be2d953696e9853ff232")]
    public void Genesis_blocks_have_the_specified_hashes_and_meet_their_target(string network, string hash)
    {
        var parameters = ChainParameters.ForNetwork(network);
        Assert.Equal(hash, parameters.GenesisHash.ToString());
        Assert.True(ProofOfWork.Check(parameters.GenesisHash, parameters.GenesisBlock.Header.Bits, parameters));
        Assert.True(BlockValidator.CheckBlock(parameters.GenesisBlock, parameters).IsAccepted);
        Assert.Equal(network, parameters.Network);
    }

    [Fact]
    [Trait("Clause", "CHAIN-6.1")]
    public void Unknown_network_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ChainParameters.ForNetwork("simnet"));
    }

    [Theory]
    [Trait("Clause", "CHAIN-6.4")]
    [InlineData("mainnet", 0, 5_000_000_000L)]
    [InlineData("mainnet", 839_999, 5_000_000_000L)]
    [InlineData("mainnet", 840_000, 2_500_000_000L)]
    [InlineData("regtest", 150, 2_500_000_000L)]
    [InlineData("regtest", 150 * 64, 0L)]
    public void Subsidy_halves_every_interval(string network, int height, long subsidy)
    {
        Assert.Equal(subsidy, ChainParameters.ForNetwork(network).GetBlockSubsidy(height));
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.4")]
    public void Retarget_scales_the_target_by_the_actual_timespan_within_a_factor_of_four()
    {
        var p = ChainParameters.Mainnet;
        var intended = (long)p.TargetTimespan.TotalSeconds;
        const uint bits = 0x1d00ffff;
        var start = CompactTarget.ToBigInteger(CompactTarget.Decode(bits, out _, out _));
        Assert.Equal(bits, ProofOfWork.Retarget(bits, intended, p));
        Assert.Equal(CompactTarget.Encode(start / 2), ProofOfWork.Retarget(bits, intended / 2, p));
        Assert.Equal(CompactTarget.Encode(start / 4), ProofOfWork.Retarget(bits, 1, p));
        Assert.Equal(CompactTarget.Encode(start * 4), ProofOfWork.Retarget(bits, intended * 100, p));
        Assert.Equal(p.PowLimitBits, ProofOfWork.Retarget(p.PowLimitBits, intended * 4, p));
    }

    [Theory]
    [Trait("Clause", "CHAIN-6.3")]
    [InlineData("mainnet", 0x1e0fffffu, 576, false, 840_000, "52555354")]
    [InlineData("testnet", 0x1e0fffffu, 576, false, 840_000, "72757374")]
    [InlineData("regtest", 0x207fffffu, 576, true, 150, "72656774")]
    public void Parameters_match_the_spec_table(string network, uint powLimit, int interval, bool noRetarget, int halving, string magic)
    {
        var p = ChainParameters.ForNetwork(network);
        Assert.Equal(powLimit, p.PowLimitBits);
        Assert.Equal(TimeSpan.FromSeconds(150), p.TargetSpacing);
        Assert.Equal(interval, p.RetargetInterval);
        Assert.Equal(noRetarget, p.NoRetargeting);
        Assert.Equal(noRetarget, p.AllowsGenerate);
        Assert.Equal(halving, p.HalvingInterval);
        Assert.Equal(2_000_000, p.MaxBlockSize);
        Assert.Equal(100, p.CoinbaseMaturity);
        Assert.Equal(magic, Convert.ToHexStringLower(p.Magic));
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.4")]
    public void Required_nbits_changes_only_at_interval_boundaries_from_the_intervals_timespan()
    {
        var p = ChainParameters.Mainnet;
        var entry = new BlockIndexEntry(p.GenesisBlock.Header, null, 0);
        var entries = new List<BlockIndexEntry> { entry };
        for (var height = 1; height < p.RetargetInterval; height++)
        {
            // Blocks twice as fast as intended.
            var header = new RustyNode.Consensus.Model.BlockHeader(1, entry.Hash, Hash256.Zero, p.GenesisBlock.Header.Time + (uint)(height * 75), p.PowLimitBits, 0);
            entry = new BlockIndexEntry(header, entry, height);
            entries.Add(entry);
            if (height < p.RetargetInterval - 1)
            {
                Assert.Equal(p.PowLimitBits, ProofOfWork.GetNextWorkRequired(entry, p));
            }
        }

        var actual = (long)entry.Header.Time - entries[0].Header.Time;
        var required = ProofOfWork.GetNextWorkRequired(entry, p);
        Assert.Equal(ProofOfWork.Retarget(p.PowLimitBits, actual, p), required);
        Assert.True(CompactTarget.ToBigInteger(CompactTarget.Decode(required, out _, out _)) < CompactTarget.ToBigInteger(p.PowLimit));
        // Regtest never retargets: the parent's nBits carries over even at a boundary.
        Assert.Equal(entry.Header.Bits, ProofOfWork.GetNextWorkRequired(entry, ChainParameters.Regtest));
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.2")]
    public void Median_time_past_is_the_median_of_the_last_eleven_times()
    {
        var p = ChainParameters.Regtest;
        var entry = new BlockIndexEntry(p.GenesisBlock.Header, null, 0);
        uint[] times = [100, 300, 200, 500, 400, 700, 600, 900, 800, 1100, 1000, 50];
        var height = 1;
        foreach (var time in times)
        {
            entry = new BlockIndexEntry(new RustyNode.Consensus.Model.BlockHeader(1, entry.Hash, Hash256.Zero, time, p.PowLimitBits, 0), entry, height++);
        }

        // The last eleven: 300 200 500 400 700 600 900 800 1100 1000 50 -> sorted median is 600.
        Assert.Equal(600u, entry.MedianTimePast());
        Assert.Equal(p.GenesisBlock.Header.Time, new BlockIndexEntry(p.GenesisBlock.Header, null, 0).MedianTimePast());
    }
}
