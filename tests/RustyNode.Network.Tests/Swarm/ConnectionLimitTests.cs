using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Yamux;
using RustyNode.Network.Security.Noise;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.Testing;
using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Network.Tests.Swarm;

public class ConnectionLimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The upgrade timeout of the tests that reach it, on a fake clock: below multistream-select's
    /// own 10 s deadline on the same clock, so advancing by it fires the upgrade timeout alone.
    /// </summary>
    private static readonly TimeSpan UpgradeTimeout = TimeSpan.FromSeconds(4);

    /// <summary>The stream negotiation timeout, likewise distinct from every other timer of the swarm.</summary>
    private static readonly TimeSpan NegotiationTimeout = TimeSpan.FromSeconds(6);

    [Fact]
    [Trait("Clause", "CONN-1.3")]
    public async Task Silent_inbound_connection_is_closed_after_the_upgrade_timeout()
    {
        var clock = new FakeClock();
        await using var node = await TestSwarm.StartAsync(configure: o => o.UpgradeTimeout = UpgradeTimeout, clock: clock);
        await using var tcp = await new TcpTransport().DialAsync(node.Swarm.ListenAddresses[0], CancellationToken.None);

        await clock.AdvanceWhenArmedAsync(UpgradeTimeout, Timeout);

        Assert.True(await ClosedByRemoteAsync(tcp));
        var failure = await NextAsync<InboundFailure>(node.Swarm);
        Assert.Contains("timed out", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "CONN-1.3")]
    public async Task Inbound_connections_beyond_the_pending_upgrade_limit_are_closed_at_once()
    {
        var clock = new FakeClock();
        await using var node = await TestSwarm.StartAsync(
            configure: o =>
            {
                o.MaxPendingInboundUpgrades = 2;
                o.UpgradeTimeout = UpgradeTimeout;
            },
            clock: clock);
        var transport = new TcpTransport();
        var silent = new List<TcpConnection>();
        try
        {
            // Dialed one after another, so accepted in this order: the first two take the two slots.
            for (var i = 0; i < 6; i++)
            {
                silent.Add(await transport.DialAsync(node.Swarm.ListenAddresses[0], CancellationToken.None));
            }

            // No timeout can fire before the test advances the fake clock: these closes are the limit's.
            Assert.All(await Task.WhenAll(silent.Skip(2).Select(c => ClosedByRemoteAsync(c))), Assert.True);

            // The first two are still mid-upgrade: each holds an upgrade deadline, which then ends them.
            using (var bound = new CancellationTokenSource(Timeout))
            {
                await clock.WaitForTimerAsync(UpgradeTimeout, bound.Token, count: 2);
            }

            clock.Advance(UpgradeTimeout);
            Assert.All(await Task.WhenAll(silent.Take(2).Select(c => ClosedByRemoteAsync(c))), Assert.True);
            var failures = new List<InboundFailure>();
            while (failures.Count(f => f.Reason.Contains("timed out", StringComparison.Ordinal)) < 2)
            {
                failures.Add(await NextAsync<InboundFailure>(node.Swarm));
            }

            Assert.Equal(4, failures.Count(f => f.Reason.Contains("pending handshakes", StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var connection in silent)
            {
                await connection.DisposeAsync();
            }
        }

        await using var honest = await TestSwarm.StartAsync();
        await honest.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    [Trait("Clause", "CONN-1.4")]
    public async Task Stream_that_never_negotiates_is_reset_after_the_negotiation_timeout()
    {
        // Without identify on connect, the node opens no stream of its own: the only negotiation
        // deadline on its clock is the one of the test's silent stream.
        var clock = new FakeClock();
        await using var node = await TestSwarm.StartAsync(identifyOnConnect: false, configure: o => o.StreamNegotiationTimeout = NegotiationTimeout, clock: clock);
        await using var tcp = await new TcpTransport().DialAsync(node.Swarm.ListenAddresses[0], CancellationToken.None);
        using var key = Ed25519PrivateKey.Generate();
        var upgrader = new ConnectionUpgrader(new NoiseSecurity(key), [new YamuxMuxer()]);
        var upgraded = await upgrader.UpgradeOutboundAsync(tcp, node.PeerId, null, CancellationToken.None).WaitAsync(Timeout);
        await using var muxer = upgraded.Muxer;

        var stream = await muxer.OpenStreamAsync(CancellationToken.None);
        await stream.Output.FlushAsync();
        await clock.AdvanceWhenArmedAsync(NegotiationTimeout, Timeout);

        await Assert.ThrowsAsync<StreamResetException>(async () =>
        {
            while (!(await stream.Input.ReadAsync().AsTask().WaitAsync(Timeout)).IsCompleted)
            {
            }
        });
    }

    [Fact]
    [Trait("Clause", "CONN-2.1")]
    [Trait("Clause", "CONN-2.3")]
    public async Task Dialing_our_own_peer_id_is_refused_and_remote_ids_are_the_proven_ones()
    {
        await using var a = await TestSwarm.StartAsync();
        await using var b = await TestSwarm.StartAsync();

        await Assert.ThrowsAsync<SwarmException>(() => a.Swarm.DialAsync(a.Address, CancellationToken.None));
        var connection = await b.Swarm.DialAsync(a.Swarm.ListenAddresses[0], CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(a.PeerId, connection.RemotePeer);
        Assert.True(connection.RemotePeer.Matches(connection.RemotePublicKey));
    }

    private static async Task<bool> ClosedByRemoteAsync(TcpConnection tcp, TimeSpan? within = null)
    {
        using var cts = new CancellationTokenSource(within ?? Timeout);
        try
        {
            while (true)
            {
                var result = await tcp.Input.ReadAsync(cts.Token);
                tcp.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    internal static async Task<T> NextAsync<T>(Network.Swarm.Swarm swarm)
        where T : SwarmEvent
    {
        using var cts = new CancellationTokenSource(Timeout);
        await foreach (var e in swarm.Events.ReadAllAsync(cts.Token))
        {
            if (e is T match)
            {
                return match;
            }
        }

        throw new InvalidOperationException($"No {typeof(T).Name} event.");
    }
}
