using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Yamux;
using RustyNode.Network.Security.Noise;
using RustyNode.Network.Swarm;
using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Network.Tests.Swarm;

public class ConnectionLimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    [Trait("Clause", "CONN-1.3")]
    public async Task Silent_inbound_connection_is_closed_after_the_upgrade_timeout()
    {
        await using var node = await TestSwarm.StartAsync(configure: o => o.UpgradeTimeout = TimeSpan.FromMilliseconds(500));
        await using var tcp = await new TcpTransport().DialAsync(node.Swarm.ListenAddresses[0], CancellationToken.None);

        Assert.True(await ClosedByRemoteAsync(tcp));
        var failure = await NextAsync<InboundFailure>(node.Swarm);
        Assert.Contains("timed out", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "CONN-1.3")]
    public async Task Inbound_connections_beyond_the_pending_upgrade_limit_are_closed_at_once()
    {
        await using var node = await TestSwarm.StartAsync(configure: o =>
        {
            o.MaxPendingInboundUpgrades = 2;
            o.UpgradeTimeout = TimeSpan.FromSeconds(60);
        });
        var transport = new TcpTransport();
        var silent = new List<TcpConnection>();
        for (var i = 0; i < 6; i++)
        {
            silent.Add(await transport.DialAsync(node.Swarm.ListenAddresses[0], CancellationToken.None));
        }

        // The upgrade timeout is 60 s, so a close within 15 s can only be the pending limit's.
        var closed = await Task.WhenAll(silent.Select(c => ClosedByRemoteAsync(c, TimeSpan.FromSeconds(15))));
        Assert.True(closed.Count(c => c) >= 4, $"{closed.Count(c => c)} of 6 silent connections were closed at once");
        foreach (var connection in silent)
        {
            await connection.DisposeAsync();
        }

        await using var honest = await TestSwarm.StartAsync();
        await honest.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    [Trait("Clause", "CONN-1.4")]
    public async Task Stream_that_never_negotiates_is_reset_after_the_negotiation_timeout()
    {
        await using var node = await TestSwarm.StartAsync(configure: o => o.StreamNegotiationTimeout = TimeSpan.FromMilliseconds(500));
        await using var tcp = await new TcpTransport().DialAsync(node.Swarm.ListenAddresses[0], CancellationToken.None);
        using var key = Ed25519PrivateKey.Generate();
        var upgrader = new ConnectionUpgrader(new NoiseSecurity(key), [new YamuxMuxer()]);
        var upgraded = await upgrader.UpgradeOutboundAsync(tcp, node.PeerId, null, CancellationToken.None).WaitAsync(Timeout);
        await using var muxer = upgraded.Muxer;

        var stream = await muxer.OpenStreamAsync(CancellationToken.None);
        await stream.Output.FlushAsync();

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
