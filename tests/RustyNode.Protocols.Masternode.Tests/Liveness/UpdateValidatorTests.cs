using System.Net;
using Microsoft.Extensions.Time.Testing;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.Masternode.Liveness;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Sync;
using RustyNode.Protocols.Masternode.Tests.Testing;

namespace RustyNode.Protocols.Masternode.Tests.Liveness;

/// <summary>MN-9: what an update must be to be taken in and relayed; the chain's keyring signs the real ones.</summary>
public sealed class UpdateValidatorTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly OperatedChain _chain;
    private readonly Hash256 _id;
    private readonly MasternodeEntry _entry;
    private readonly PrivateKey _operator;
    private readonly MasternodeUpdateValidator _validator;

    public UpdateValidatorTests()
    {
        _chain = new OperatedChain();
        _id = _chain.Register(2, new IPEndPoint(IPAddress.Parse("127.0.0.9"), 9_999))[0];
        var tip = _chain.Chain.BestHeader;
        var list = new MasternodeList(_chain.Chain.GetMasternodeListAt(tip.Hash)!.Entries);
        Assert.True(list.TryGet(_id, out _entry));
        _operator = _chain.Chain.FindMasternodeOperatorKey(_id, _entry.OperatorKey)!;
        var view = new MasternodeView(tip.Hash, tip.Height, list, MasternodeListSource.Chain);
        _validator = new MasternodeUpdateValidator(_chain.Chain, () => view, _clock, Secp256k1.Default);
    }

    private ulong Now => (ulong)_clock.GetUtcNow().ToUnixTimeSeconds();

    public void Dispose() => _chain.Dispose();

    [Fact]
    [Trait("Clause", "MN-9.1")]
    public void A_fresh_update_signed_by_the_current_operator_key_is_accepted_and_a_replay_is_ignored()
    {
        var update = Signed(_operator, Now);
        Assert.Equal(UpdateVerdictKind.Accept, Judge(update));
        Assert.Equal(UpdateVerdictKind.Ignore, Judge(update));
        Assert.Equal(UpdateVerdictKind.Ignore, Judge(Signed(_operator, Now - 1)));
    }

    [Fact]
    [Trait("Clause", "MN-9.1")]
    public void Forged_unlisted_and_far_future_updates_are_rejected()
    {
        Assert.Equal(UpdateVerdictKind.Reject, Judge(Signed(PrivateKey.FromSeed("not the operator"), Now)));
        Assert.Equal(UpdateVerdictKind.Reject, Judge(Signed(_operator, Now) with { Timestamp = Now + 1 }));
        Assert.Equal(UpdateVerdictKind.Reject, Judge(Signed(_operator, Now, id: new Hash256(new byte[32]))));
        Assert.Equal(UpdateVerdictKind.Reject, Judge(Signed(_operator, Now + (ulong)MasternodeLimits.MaxUpdateClockSkew.TotalSeconds + 1)));
        Assert.Equal(UpdateVerdictKind.Accept, Judge(Signed(_operator, Now + (ulong)MasternodeLimits.MaxUpdateClockSkew.TotalSeconds)));
    }

    [Fact]
    [Trait("Clause", "MN-9.1")]
    public void An_update_naming_an_unknown_block_or_one_deeper_than_24_blocks_is_ignored()
    {
        Assert.Equal(UpdateVerdictKind.Ignore, Judge(Signed(_operator, Now, block: new Hash256(new byte[32]))));
        var tip = _chain.Height;
        var deep = _chain.Chain.GetActiveHeader(tip - MasternodeLimits.MaxUpdateBlockAge - 1)!.Hash;
        Assert.Equal(UpdateVerdictKind.Ignore, Judge(Signed(_operator, Now, block: deep)));
        var deepest = _chain.Chain.GetActiveHeader(tip - MasternodeLimits.MaxUpdateBlockAge)!.Hash;
        Assert.Equal(UpdateVerdictKind.Accept, Judge(Signed(_operator, Now, block: deepest)));
    }

    [Fact]
    [Trait("Clause", "MN-9.2")]
    public void A_masternode_gets_two_updates_back_to_back_then_one_a_minute_and_forgeries_spend_none_of_it()
    {
        Assert.Equal(UpdateVerdictKind.Reject, Judge(Signed(PrivateKey.FromSeed("forger"), Now + 1)));
        Assert.Equal(UpdateVerdictKind.Reject, Judge(Signed(PrivateKey.FromSeed("forger"), Now + 2)));
        Assert.Equal(UpdateVerdictKind.Accept, Judge(Signed(_operator, Now + 1)));
        Assert.Equal(UpdateVerdictKind.Accept, Judge(Signed(_operator, Now + 2)));
        Assert.Equal(UpdateVerdictKind.Ignore, Judge(Signed(_operator, Now + 3)));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(UpdateVerdictKind.Ignore, Judge(Signed(_operator, Now)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(UpdateVerdictKind.Accept, Judge(Signed(_operator, Now)));
    }

    private UpdateVerdictKind Judge(MasternodeUpdate update) => _validator.Validate(update, out _).Kind;

    private MasternodeUpdate Signed(PrivateKey key, ulong timestamp, Hash256? id = null, Hash256? block = null)
    {
        var unsigned = new MasternodeUpdate(id ?? _id, block ?? _chain.Chain.BestHeader.Hash, timestamp, MasternodeStatus.Serving, []);
        return unsigned with { Signature = PayloadSignature.Sign(key, unsigned.SigningHash()) };
    }
}
