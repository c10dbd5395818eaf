using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Service;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.TxProp;
using RustyNode.Protocols.TxProp.Messages;
using RustyNode.Protocols.TxProp.Relay;

namespace RustyNode.Node.Tests.TxRelay;

/// <summary>
/// The 60 s request expiry (TX-4.4) on a fake clock: the relay behaviour the daemon runs, with its
/// default options, in a swarm of this process whose clock only the test moves, against two scripted
/// peers over TCP. A daemon would make the test wait the whole expiry in real time.
/// </summary>
public sealed class TxRelayExpiryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Clause", "TX-4.4")]
    [Trait("Clause", "TX-4.1")]
    public async Task A_peer_that_announces_and_never_serves_is_bypassed_after_the_expiry()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var dataDir = TxRelayNetwork.SeedDataDir();
        try
        {
            using var chain = ChainService.Open(Path.Combine(dataDir, "regtest"), ChainParameters.Regtest);
            var relay = new TxPropBehaviour(chain);
            await using (relay)
            {
                var options = new SwarmOptions();
                options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
                await using var victim = new Swarm(Ed25519PrivateKey.Generate(), options, [relay], NullLoggerFactory.Instance, clock);
                await victim.StartAsync(CancellationToken.None);
                await using var withholder = await HostileTxPeer.StartAsync();
                await using var honest = await HostileTxPeer.StartAsync();
                withholder.NeverServe = true;
                honest.ServeOnlyRequested = true;
                var (tx, other) = (TxRelayHostileTests.Valid(8), TxRelayHostileTests.Valid(9));
                honest.Serve.AddRange([tx, other]);

                // We dial both, so both are outbound (preferred) peers: neither waits the non-preferred delay.
                await victim.DialAsync(Multiaddr.Parse(withholder.Address), CancellationToken.None);
                await victim.DialAsync(Multiaddr.Parse(honest.Address), CancellationToken.None);
                await WaitUntilAsync(() => relay.GetStats().Peers.Count == 2, "the relay did not see both peers");

                await AnnounceAsync(withholder, victim, tx);
                await WaitUntilAsync(() => withholder.Requests.Any(r => r.TxIds.Contains(tx.TxId)), "the first announcer was not asked");
                await AnnounceAsync(honest, victim, tx);
                await WaitUntilAsync(() => relay.GetStats().Totals.AnnouncedIn == 2, "the second announcement was not read");

                // One second before the expiry the request is still the withholder's: a new announcement
                // of the honest peer is requested on its own, without the transaction in flight (TX-4.1).
                clock.Advance(new TxPropOptions().RequestExpiry - TimeSpan.FromSeconds(1));
                await AnnounceAsync(honest, victim, other);
                await WaitUntilAsync(() => chain.HasTransaction(other.TxId), "the honest peer's own transaction did not arrive");
                Assert.DoesNotContain(honest.Requests, r => r.TxIds.Contains(tx.TxId));
                Assert.False(chain.HasTransaction(tx.TxId));

                // Past the expiry the next announcer is asked, once, and serves it.
                clock.Advance(TimeSpan.FromSeconds(2));
                await WaitUntilAsync(() => chain.HasTransaction(tx.TxId), "the transaction never came from the honest announcer");
                Assert.Single(honest.Requests, r => r.TxIds.Contains(tx.TxId));
                Assert.Single(withholder.Requests);
                var totals = relay.GetStats().Totals;
                Assert.Equal(1, totals.Expired);
                Assert.Equal(2, totals.Received);
                Assert.Equal(0, totals.Unrequested);
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task AnnounceAsync(HostileTxPeer from, Swarm to, RustyNode.Consensus.Model.Transaction tx)
    {
        var stream = await from.Swarm.OpenStreamAsync(to.LocalPeerId, [TxPropBehaviour.ProtocolId], CancellationToken.None);
        await HostileTxPeer.SendAsync(stream, new InvMessage([tx.TxId]));
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms; fails with <paramref name="failure"/> after 30 s.</summary>
    internal static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < Bound, failure);
            await Task.Delay(20);
        }
    }
}
