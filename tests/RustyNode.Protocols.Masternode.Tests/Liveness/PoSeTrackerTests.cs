using System.Net;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.Masternode.Liveness;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode.Tests.Liveness;

/// <summary>MN-10.3 to MN-10.6: the penalty arithmetic of the node's local PoSe view.</summary>
public sealed class PoSeTrackerTests
{
    private static readonly DateTimeOffset BanTime = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private readonly MasternodeEntry _entry = Entry(1, 7_001);
    private readonly MasternodeEntry _other = Entry(2, 7_002);
    private readonly PoSeTracker _tracker = new();

    [Fact]
    [Trait("Clause", "MN-10.3")]
    [Trait("Clause", "MN-10.4")]
    public void Each_failure_adds_34_and_each_block_takes_1_off_until_the_masternode_is_forgotten()
    {
        var list = new MasternodeList([_entry, _other]);
        _tracker.OnList(100, list);
        Assert.Equal(new PoSeStanding(34, false), _tracker.RecordFailure(_entry, BanTime).Standing);
        _tracker.OnList(110, list);
        Assert.Equal(new PoSeStanding(24, false), _tracker.Get(_entry.ProTxHash));
        Assert.Equal(new PoSeStanding(58, false), _tracker.RecordFailure(_entry, BanTime).Standing);
        _tracker.OnList(168, list);
        Assert.Equal(default, _tracker.Get(_entry.ProTxHash));
        Assert.Equal(new PoSeStanding(34, false), _tracker.RecordFailure(_entry, BanTime).Standing);
        _tracker.OnList(169, new MasternodeList([_other]));
        Assert.Equal(default, _tracker.Get(_entry.ProTxHash));
    }

    [Fact]
    [Trait("Clause", "MN-10.5")]
    public void The_third_failure_within_a_few_blocks_bans_and_a_ban_neither_decays_nor_grows_and_exempts_from_challenges()
    {
        var list = new MasternodeList([_entry, _other]);
        _tracker.OnList(100, list);
        _tracker.RecordFailure(_entry, BanTime);
        _tracker.RecordFailure(_entry, BanTime);
        Assert.False(_tracker.IsExempt(_entry.ProTxHash));
        var (standing, newlyBanned) = _tracker.RecordFailure(_entry, BanTime);
        Assert.True(newlyBanned);
        Assert.Equal(new PoSeStanding(102, true), standing);
        Assert.True(_tracker.IsExempt(_entry.ProTxHash));
        Assert.False(_tracker.RecordFailure(_entry, BanTime).NewlyBanned);
        _tracker.OnList(1_000, list);
        Assert.Equal(new PoSeStanding(102, true), _tracker.Get(_entry.ProTxHash));
        Assert.Equal(1, _tracker.BannedCount);
        Assert.False(_tracker.IsExempt(_other.ProTxHash));
    }

    [Fact]
    [Trait("Clause", "MN-10.6")]
    public void A_serving_update_signed_no_earlier_than_the_ban_or_a_new_service_on_chain_lifts_it()
    {
        var list = new MasternodeList([_entry, _other]);
        _tracker.OnList(100, list);
        Ban(_entry);
        var banSecond = (ulong)BanTime.ToUnixTimeSeconds();
        Assert.False(_tracker.OnUpdate(_entry, MasternodeStatus.Serving, banSecond - 1));
        Assert.False(_tracker.OnUpdate(_entry, MasternodeStatus.Leaving, banSecond + 5));
        Assert.True(_tracker.Get(_entry.ProTxHash).Banned);
        Assert.True(_tracker.OnUpdate(_entry, MasternodeStatus.Serving, banSecond));
        Assert.Equal(default, _tracker.Get(_entry.ProTxHash));

        Ban(_other);
        var moved = _other.WithService(ServiceAddress.Create(IPAddress.Parse("10.0.0.2"), 7_002));
        var revived = _tracker.OnList(101, new MasternodeList([_entry, moved]));
        Assert.Equal([_other.ProTxHash], revived);
        Assert.Equal(default, _tracker.Get(_other.ProTxHash));
    }

    private void Ban(MasternodeEntry entry)
    {
        for (var i = 0; i < 3; i++)
        {
            _tracker.RecordFailure(entry, BanTime);
        }

        Assert.True(_tracker.Get(entry.ProTxHash).Banned);
    }

    private static MasternodeEntry Entry(byte id, int port)
    {
        var hash = new byte[32];
        hash[0] = id;
        var owner = new byte[33];
        owner[0] = 2;
        owner[1] = id;
        var op = new byte[33];
        op[0] = 3;
        op[1] = id;
        return new MasternodeEntry(new Hash256(hash), new OutPoint(new Hash256(hash), 0), owner, op, ServiceAddress.Create(IPAddress.Parse("10.0.0.1"), port), [0x51], 10, 0);
    }
}
