using Microsoft.Extensions.Time.Testing;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Identity;
using RustyNode.Network.Protection;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.Testing;

namespace RustyNode.Network.Tests.Protection;

public class PeerProtectionTests
{
    private static readonly Multiaddr Address = Multiaddr.Parse("/ip4/127.0.0.1/tcp/4001");

    [Fact]
    [Trait("Clause", "PROT-3.2")]
    public void Reputation_decays_halfway_to_zero_in_one_half_life()
    {
        var time = NewClock();
        var protection = new PeerProtection(new ProtectionOptions { ReputationHalfLife = TimeSpan.FromMinutes(10) }, PeerStore.InMemory(), timeProvider: time);
        var peer = NewPeer();

        protection.Report(peer, "bad block", -40);
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(-20, protection.GetReputation(peer), 6);
        time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(-5, protection.GetReputation(peer), 6);
    }

    [Fact]
    [Trait("Clause", "PROT-3.1")]
    public void Reports_are_counted_and_bounded()
    {
        var protection = new PeerProtection(new ProtectionOptions(), PeerStore.InMemory(), timeProvider: NewClock());
        var peer = NewPeer();

        for (var i = 0; i < 50; i++)
        {
            protection.Report(peer, "useful response", 10);
        }

        protection.Report(peer, "invalid message", -1);
        var score = protection.GetScore(peer)!;

        Assert.Equal(ProtectionLimits.MaxReputation - 1, score.Reputation, 6);
        Assert.Equal(1, score.InvalidMessages);
    }

    [Fact]
    [Trait("Clause", "PROT-4.1")]
    public void Falling_below_the_threshold_bans_the_peer_and_the_gate_refuses_it()
    {
        var protection = new PeerProtection(new ProtectionOptions { BanThreshold = -50 }, PeerStore.InMemory(), timeProvider: NewClock());
        var peer = NewPeer();

        protection.Report(peer, "invalid message", -30);
        Assert.Null(protection.GetBan(peer));
        Assert.Null(protection.CheckSecured(peer, Address, ConnectionDirection.Inbound));
        protection.Report(peer, "invalid message", -30);

        var ban = Assert.IsType<PeerBan>(protection.GetBan(peer));
        Assert.Contains("invalid message", ban.Reason, StringComparison.Ordinal);
        Assert.Contains("banned", protection.CheckSecured(peer, Address, ConnectionDirection.Inbound), StringComparison.Ordinal);
        Assert.NotNull(protection.CheckSecured(peer, Address, ConnectionDirection.Outbound));
        Assert.Single(protection.Bans);
    }

    [Fact]
    [Trait("Clause", "PROT-4.3")]
    public void A_ban_expires_after_its_duration()
    {
        var time = NewClock();
        var store = PeerStore.InMemory();
        var protection = new PeerProtection(new ProtectionOptions { BanDuration = TimeSpan.FromHours(24) }, store, timeProvider: time);
        var peer = NewPeer();

        protection.Report(peer, "flood", -500);
        time.Advance(TimeSpan.FromHours(23));
        Assert.NotNull(protection.GetBan(peer));
        time.Advance(TimeSpan.FromHours(2));

        Assert.Null(protection.GetBan(peer));
        Assert.Empty(protection.Bans);
        Assert.Null(store.Get(peer)!.BannedUntil);
    }

    [Fact]
    [Trait("Clause", "PROT-4.2")]
    public void Bans_and_scores_survive_a_restart_through_the_peer_store()
    {
        using var directory = new TempDirectory("rustynode-protection-");
        var time = NewClock();
        var banned = NewPeer();
        var scored = NewPeer();
        var first = new PeerProtection(new ProtectionOptions(), PeerStore.Open(directory.Path), timeProvider: time);
        first.Ban(banned, TimeSpan.FromHours(1), "by hand");
        first.Report(scored, "slow", -7);
        first.SaveScores();

        var second = new PeerProtection(new ProtectionOptions(), PeerStore.Open(directory.Path), timeProvider: time);

        Assert.Equal("by hand", second.GetBan(banned)!.Reason);
        Assert.Equal(-7, second.GetReputation(scored), 3);
    }

    [Fact]
    [Trait("Clause", "PROT-4.4")]
    public void Unban_lifts_the_ban_and_resets_the_score()
    {
        var protection = new PeerProtection(new ProtectionOptions(), PeerStore.InMemory(), timeProvider: NewClock());
        var peer = NewPeer();
        protection.Report(peer, "flood", -500);

        Assert.True(protection.Unban(peer));

        Assert.Null(protection.GetBan(peer));
        Assert.Equal(0, protection.GetReputation(peer));
        Assert.False(protection.Unban(peer));
    }

    [Fact]
    [Trait("Clause", "PROT-1.2")]
    public void Nonsensical_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ProtectionOptions { BanThreshold = 5 }.Validate());
        Assert.Throws<ArgumentException>(() => new ProtectionOptions { BytesPerSecond = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new ProtectionOptions { MessageBurst = 0.5 }.Validate());
        Assert.Throws<ArgumentException>(() => new ProtectionOptions { ExcessPenalty = -1 }.Validate());
        Assert.Throws<ArgumentException>(() => new ProtectionOptions { ExcessAllowance = TimeSpan.FromSeconds(-1) }.Validate());
    }

    /// <summary>A fake clock: time, and every timer, moves only when the test advances it.</summary>
    internal static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    internal static PeerId NewPeer()
    {
        using var key = Ed25519PrivateKey.Generate();
        return PeerId.FromPublicKey(key.PublicKey);
    }
}
