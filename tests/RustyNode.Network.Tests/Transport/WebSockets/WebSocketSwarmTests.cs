using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing.Yamux;
using RustyNode.Network.Security.Noise;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.Swarm;
using RustyNode.Network.Transport.WebSockets;

namespace RustyNode.Network.Tests.Transport.WebSockets;

public class WebSocketSwarmTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [Trait("Clause", "WS-5.1")]
    [Trait("Clause", "WS-5.2")]
    [InlineData("yamux", "/yamux/1.0.0")]
    [InlineData("mplex", "/mplex/6.7.0")]
    public async Task A_swarm_listens_on_tcp_and_ws_at_once_and_a_ws_dial_gets_the_full_upgrade(string muxer, string protocol)
    {
        await using var a = await TestSwarm.StartAsync(muxer, configure: o => o.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws")));
        await using var b = await TestSwarm.StartAsync(muxer);
        var ws = a.Swarm.ListenAddresses.Single(l => l.Contains(MultiaddrProtocol.Ws));
        Assert.Contains(a.Swarm.ListenAddresses, l => !l.Contains(MultiaddrProtocol.Ws));

        var connection = await b.Swarm.DialAsync(ws.WithP2p(a.PeerId.ToBytes()), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(protocol, connection.MuxerProtocol);
        Assert.Equal(ws, connection.RemoteAddress);
        Assert.True(await b.Ping.PingAsync(a.PeerId, CancellationToken.None).WaitAsync(Timeout) >= TimeSpan.Zero);
        var info = await b.Identify.IdentifyAsync(a.PeerId, CancellationToken.None).WaitAsync(Timeout);
        Assert.Contains(ws, info.ListenAddresses);
        var back = await a.Identify.IdentifyAsync(b.PeerId, CancellationToken.None).WaitAsync(Timeout);
        Assert.EndsWith("/ws", back.ObservedAddress!.ToString(), StringComparison.Ordinal);
        var perf = await b.Perf.RunAsync(a.PeerId, 3_000_000, 3_000_000, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(3_000_000, perf.DownloadBytes);
    }

    [Fact]
    [Trait("Clause", "WS-5.1")]
    public async Task An_address_no_transport_takes_fails_with_a_clear_error()
    {
        await using var b = await TestSwarm.StartAsync();
        var error = await Assert.ThrowsAsync<SwarmException>(() => b.Swarm.DialAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/1/wss"), CancellationToken.None));
        Assert.Contains("No transport can dial /ip4/127.0.0.1/tcp/1/wss", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "WS-4.3")]
    [Trait("Clause", "WS-5.1")]
    public async Task An_oversized_frame_inside_a_secured_connection_closes_it_with_1009_and_penalises_the_peer()
    {
        var reputation = new RecordingReputation();
        await using var a = await TestSwarm.StartAsync(
            configure: o => o.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws")), extra: reputation);
        var ws = a.Swarm.ListenAddresses.Single(l => l.Contains(MultiaddrProtocol.Ws));
        await using var raw = await RawWebSocketPeer.ConnectAsync(ws);
        using var key = Ed25519PrivateKey.Generate();
        var upgraded = await new ConnectionUpgrader(new NoiseSecurity(key), [new YamuxMuxer()])
            .UpgradeOutboundAsync(raw.StartByteStream(), a.PeerId, null, CancellationToken.None).WaitAsync(Timeout);
        await using var muxer = upgraded.Muxer;
        var header = new WebSocketFrameHeader(true, WebSocketOpcode.Binary, WebSocketLimits.MaxFramePayloadLength + 1L, 7, true);
        var bytes = new byte[header.Size];
        header.Write(bytes);

        await raw.SendAsync(bytes);

        var (peer, reason) = await reputation.FirstReport.WaitAsync(Timeout);
        Assert.Equal(PeerId.FromPublicKey(key.PublicKey), peer);
        Assert.Equal(SwarmScoreReasons.ProtocolViolation, reason);
        try
        {
            // The connection ends (cleanly or not) once the Close frame has arrived.
            await muxer.Completion.WaitAsync(Timeout);
        }
        catch (Exception ex) when (ex is not TimeoutException)
        {
        }

        Assert.Equal(WebSocketCloseCode.MessageTooBig, raw.LastClose?.Code);
        Assert.Contains("exceeds the limit", raw.LastClose?.Reason, StringComparison.Ordinal);
    }
}
