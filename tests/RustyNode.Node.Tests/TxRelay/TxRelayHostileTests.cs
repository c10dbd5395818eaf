using System.Diagnostics;
using System.Text.Json.Nodes;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Protocols.TxProp.Messages;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.TxRelay;

/// <summary>A daemon with default settings against a scripted peer in the test process (TX-4.4, TX-7).</summary>
public sealed class TxRelayHostileTests
{
    [Fact]
    [Trait("Clause", "TX-7.3")]
    public async Task A_peer_sending_invalid_transactions_is_scored_down_and_banned()
    {
        await using var network = await TxRelayNetwork.StartAsync(1, "victim-invalid");
        await using var hostile = await HostileTxPeer.StartAsync();
        var victim = network.Nodes[0];
        Transaction[] bad = [Overspend(1), Overspend(2), Overspend(3)];
        hostile.Serve.AddRange(bad);
        var stream = await hostile.OpenAnnouncementStreamAsync(victim.Addresses[0]);
        await HostileTxPeer.SendAsync(stream, new InvMessage([.. bad.Select(t => t.TxId)]));
        await WaitUntilAsync(async () => (await victim.SendOkAsync(Command("bans")))["bans"]!.AsArray()
            .Any(b => (string?)b!["peer"] == hostile.Swarm.LocalPeerId.ToString()), TimeSpan.FromSeconds(30), "the invalid-transaction sender was not banned");
        Assert.Equal(0, (int)(await network.StatsAsync(0))["total"]!["mempool"]!);
    }

    [Fact]
    [Trait("Clause", "TX-7.4")]
    public async Task An_inv_flood_is_slowed_and_scored()
    {
        await using var network = await TxRelayNetwork.StartAsync(1, "victim-flood");
        await using var hostile = await HostileTxPeer.StartAsync();
        var victim = network.Nodes[0];
        var stream = await hostile.OpenAnnouncementStreamAsync(victim.Addresses[0]);
        var floods = Enumerable.Range(0, 40).Select(i => (TxMessage)new InvMessage([RandomId()])).ToArray();
        var sent = Stopwatch.StartNew();
        await HostileTxPeer.SendAsync(stream, floods);

        // Five Invs past the burst of 10 cost -25; the victim reads them at 1 per second, not at once.
        await WaitUntilAsync(async () => Score(await victim.SendOkAsync(Command("peers")), hostile) <= -25, TimeSpan.FromSeconds(30), "the flood was not scored");
        var announced = (await network.StatsAsync(0))["peers"]!.AsArray().Sum(p => (long)p!["announcedIn"]!);
        Assert.True(announced <= 10 + Math.Ceiling(sent.Elapsed.TotalSeconds) + 1, $"{announced} of 40 flooded Invs were read in {sent.Elapsed}: the flood was not slowed");
        Assert.True(announced < 40, "every flooded Inv was read");
    }

    [Fact]
    [Trait("Clause", "TX-5.1")]
    public async Task A_transaction_never_announced_to_a_peer_is_not_served_to_it()
    {
        await using var network = await TxRelayNetwork.StartAsync(1, "victim-probe");
        await using var hostile = await HostileTxPeer.StartAsync(deaf: true);
        var victim = network.Nodes[0];
        await hostile.Swarm.DialAsync(RustyNode.Network.Addressing.Multiaddr.Parse(victim.Addresses[0]), CancellationToken.None);
        var tx = Valid(7);
        await victim.SendOkAsync(Command("submit_tx", ("hex", Hex(tx))));

        // In the mempool, but never announced to this peer (its announcement stream could not open): a probe learns nothing.
        var answers = await hostile.RequestAsync(PeerIdOf(victim), tx.TxId);
        var notFound = Assert.IsType<NotFoundMessage>(Assert.Single(answers));
        Assert.Equal([tx.TxId], notFound.TxIds);
        Assert.Equal(1, (int)(await network.StatsAsync(0))["total"]!["mempool"]!);
    }

    [Fact]
    [Trait("Clause", "TX-7.1")]
    [Trait("Clause", "TX-7.2")]
    [Trait("Clause", "TX-1.3")]
    public async Task Malformed_messages_unrequested_transactions_and_excess_streams_are_scored()
    {
        await using var network = await TxRelayNetwork.StartAsync(1, "victim-malformed");
        await using var hostile = await HostileTxPeer.StartAsync();
        var victim = network.Nodes[0];
        var wanted = Valid(4);
        hostile.Serve.AddRange([wanted, Valid(5)]);
        var announce = await hostile.OpenAnnouncementStreamAsync(victim.Addresses[0]);
        await HostileTxPeer.SendAsync(announce, new InvMessage([wanted.TxId]));
        var garbage = await hostile.OpenAnnouncementStreamAsync(victim.Addresses[0]);
        await HostileTxPeer.SendRawAsync(garbage, [0x01, 0x07]);
        var second = await hostile.OpenAnnouncementStreamAsync(victim.Addresses[0]);
        await HostileTxPeer.SendAsync(second, new FeeFilterMessage(0));
        var third = await hostile.OpenAnnouncementStreamAsync(victim.Addresses[0]);
        await HostileTxPeer.SendAsync(third, new FeeFilterMessage(0));
        // -20 (malformed) -20 (third announcement stream) -10 (the unrequested second transaction).
        await WaitUntilAsync(async () => Score(await victim.SendOkAsync(Command("peers")), hostile) <= -45, TimeSpan.FromSeconds(30), "the peer was not scored");

        // The unrequested one is charged as it is read; the requested one is validated after, on the validator (TX-4.9).
        await WaitUntilAsync(async () => (int)(await network.StatsAsync(0))["total"]!["mempool"]! > 0, TimeSpan.FromSeconds(30), "the requested transaction never reached the mempool");
        var stats = (await network.StatsAsync(0))["total"]!;
        Assert.Equal(1, (long)stats["unrequested"]!);
        Assert.Equal(1, (int)stats["mempool"]!);
    }

    internal static string Hex(Transaction tx)
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        TransactionCodec.Write(tx, writer);
        return Convert.ToHexString(writer.WrittenSpan);
    }

    private static RustyNode.Network.Identity.PeerId PeerIdOf(Testing.ControlledProcess node) =>
        RustyNode.Network.Identity.PeerId.Parse(node.PeerId);

    private static double Score(JsonObject peers, HostileTxPeer hostile) =>
        peers["peers"]!.AsArray().Where(p => (string?)p!["peer"] == hostile.Swarm.LocalPeerId.ToString()).Select(p => (double)p!["score"]!).DefaultIfEmpty(0).Min();

    internal static (OutPoint, Coin) Coinbase(int height)
    {
        var coinbase = TxRelayNetwork.SharedChain.Value[height - 1].Transactions[0];
        return (new OutPoint(coinbase.TxId, 0), new Coin(coinbase.Outputs[0], height, true));
    }

    internal static Transaction Valid(int height) =>
        new RegtestWallet(RegtestKeys.Miner, 2_000).Build([Coinbase(height)], 1).Single();

    /// <summary>Signed correctly but pays out more than it spends: a consensus failure (Overspend).</summary>
    internal static Transaction Overspend(int height)
    {
        var (outPoint, coin) = Coinbase(height);
        var template = new Transaction(1, [new TxIn(outPoint, [])], [new TxOut(coin.Output.Value + 1, RegtestKeys.Miner.ScriptPubKey)], 0);
        return TransactionSigner.Sign(template, [coin], [RegtestKeys.Miner]);
    }

    private static Hash256 RandomId() => new(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray());

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < timeout, failure);
            await Task.Delay(200);
        }
    }
}
