using RustyNode.Network.Identity;
using RustyNode.Network.Protocols.Identify;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.Swarm;

public class SwarmTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [Trait("Clause", "CONN-1.1")]
    [Trait("Clause", "CONN-1.2")]
    [InlineData("yamux", "/yamux/1.0.0")]
    [InlineData("mplex", "/mplex/6.7.0")]
    public async Task Dial_upgrades_with_noise_and_the_preferred_muxer_and_both_sides_see_it(string muxer, string protocol)
    {
        await using var a = await TestSwarm.StartAsync(muxer);
        await using var b = await TestSwarm.StartAsync(muxer);

        var connection = await b.Swarm.DialAsync(a.Address, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(a.PeerId, connection.RemotePeer);
        Assert.Equal(ConnectionDirection.Outbound, connection.Direction);
        Assert.Equal(protocol, connection.MuxerProtocol);
        var inbound = await NextAsync<PeerConnected>(a.Swarm);
        Assert.Equal(b.PeerId, inbound.Peer);
        Assert.Equal(ConnectionDirection.Inbound, inbound.Direction);
        var rtt = await b.Ping.PingAsync(a.PeerId, CancellationToken.None).WaitAsync(Timeout);
        Assert.True(rtt >= TimeSpan.Zero);
    }

    [Fact]
    [Trait("Clause", "CONN-2.2")]
    public async Task Dial_fails_when_the_remote_proves_another_identity()
    {
        await using var a = await TestSwarm.StartAsync();
        await using var b = await TestSwarm.StartAsync();
        using var other = Ed25519PrivateKey.Generate();
        var wrong = a.Swarm.ListenAddresses[0].WithP2p(PeerId.FromPublicKey(other.PublicKey).ToBytes());

        var error = await Assert.ThrowsAsync<SwarmException>(() => b.Swarm.DialAsync(wrong, CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains(a.PeerId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Empty(b.Swarm.Connections);
    }

    [Fact]
    [Trait("Clause", "CONN-3.1")]
    public async Task Unsupported_protocol_gives_a_clear_error_and_keeps_the_connection()
    {
        await using var a = await TestSwarm.StartAsync();
        await using var b = await TestSwarm.StartAsync();
        await b.Swarm.DialAsync(a.Address, CancellationToken.None).WaitAsync(Timeout);

        var error = await Assert.ThrowsAsync<SwarmException>(
            () => b.Swarm.OpenStreamAsync(a.PeerId, ["/no/such/1.0.0"], CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains("/no/such/1.0.0", error.Message, StringComparison.Ordinal);
        await b.Ping.PingAsync(a.PeerId, CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    [Trait("Clause", "IDY-1.1")]
    [Trait("Clause", "IDY-2.1")]
    public async Task Identify_reports_protocols_listen_addresses_observed_address_and_a_signed_record()
    {
        await using var a = await TestSwarm.StartAsync(identifyOnConnect: false);
        await using var b = await TestSwarm.StartAsync(identifyOnConnect: false);
        var connection = await b.Swarm.DialAsync(a.Address, CancellationToken.None).WaitAsync(Timeout);

        var info = await b.Identify.IdentifyAsync(a.PeerId, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(a.PeerId, info.Peer);
        Assert.Equal("rustynode/0.1.0", info.AgentVersion);
        Assert.Equal("ipfs/0.1.0", info.ProtocolVersion);
        Assert.Contains(IdentifyBehaviour.ProtocolId, info.Protocols);
        Assert.Contains("/perf/1.0.0", info.Protocols);
        Assert.Equal(a.Swarm.ListenAddresses, info.ListenAddresses);
        Assert.Equal(connection.LocalAddress, info.ObservedAddress);
        Assert.True(info.HasSignedPeerRecord);
    }

    [Fact]
    [Trait("Clause", "IDY-1.3")]
    public async Task Both_sides_identify_each_other_on_connect()
    {
        await using var a = await TestSwarm.StartAsync();
        await using var b = await TestSwarm.StartAsync();
        await b.Swarm.DialAsync(a.Address, CancellationToken.None).WaitAsync(Timeout);

        var seenByA = await NextAsync<PeerIdentified>(a.Swarm);
        var seenByB = await NextAsync<PeerIdentified>(b.Swarm);

        Assert.Equal(b.PeerId, seenByA.Info.Peer);
        Assert.Equal(a.PeerId, seenByB.Info.Peer);
    }

    [Fact]
    [Trait("Clause", "IDY-1.2")]
    public async Task Identify_push_updates_what_the_remote_knows()
    {
        await using var a = await TestSwarm.StartAsync(identifyOnConnect: false);
        await using var b = await TestSwarm.StartAsync(identifyOnConnect: false);
        await b.Swarm.DialAsync(a.Address, CancellationToken.None).WaitAsync(Timeout);

        await b.Identify.PushToAllAsync([a.PeerId], CancellationToken.None).WaitAsync(Timeout);

        var pushed = await NextAsync<PeerIdentified>(a.Swarm);
        Assert.Equal(b.PeerId, pushed.Info.Peer);
        Assert.True(a.Identify.TryGetInfo(b.PeerId, out var stored));
        Assert.Equal(b.Swarm.ListenAddresses, stored!.ListenAddresses);
    }

    [Theory]
    [Trait("Clause", "PERF-1")]
    [Trait("Clause", "ECHO-1")]
    [InlineData("yamux")]
    [InlineData("mplex")]
    public async Task Perf_and_echo_move_bytes_both_ways(string muxer)
    {
        await using var a = await TestSwarm.StartAsync(muxer);
        await using var b = await TestSwarm.StartAsync(muxer);
        await b.Swarm.DialAsync(a.Address, CancellationToken.None).WaitAsync(Timeout);

        var perf = await b.Perf.RunAsync(a.PeerId, 5_000_000, 7_000_000, CancellationToken.None).WaitAsync(Timeout);
        await b.Echo.RunAsync(a.PeerId, 3_000_000, seed: 5, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(5_000_000, perf.UploadBytes);
        Assert.Equal(7_000_000, perf.DownloadBytes);
    }

    [Fact]
    [Trait("Clause", "CONN-3.3")]
    public async Task Closing_a_connection_is_seen_on_both_sides()
    {
        await using var a = await TestSwarm.StartAsync();
        await using var b = await TestSwarm.StartAsync();
        var connection = await b.Swarm.DialAsync(a.Address, CancellationToken.None).WaitAsync(Timeout);
        await NextAsync<PeerConnected>(a.Swarm);

        await connection.DisposeAsync();

        var gone = await NextAsync<PeerDisconnected>(a.Swarm);
        Assert.Equal(b.PeerId, gone.Peer);
        await NextAsync<PeerDisconnected>(b.Swarm);
        Assert.Empty(b.Swarm.Connections);
    }

    private static async Task<T> NextAsync<T>(Network.Swarm.Swarm swarm)
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

        throw new InvalidOperationException($"The swarm's events ended without a {typeof(T).Name}.");
    }
}
