using System.Text.Json.Nodes;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Interop;

/// <summary>
/// rustynode against js-libp2p 2.x with @libp2p/websockets (tests/interop/js), both listening only on
/// <c>/ip4/127.0.0.1/tcp/0/ws</c>: WebSocket + Noise + Yamux and + mplex, each side dialing, then
/// ping, identify and 20 MB of perf each way.
/// </summary>
public class JsWebSocketInteropTests
{
    private const string WsListen = "/ip4/127.0.0.1/tcp/0/ws";
    private const long PerfBytes = 20_000_000;

    public static TheoryData<string, bool> Cases => new()
    {
        { "yamux", true },
        { "yamux", false },
        { "mplex", true },
        { "mplex", false },
    };

    [Theory]
    [Trait("Clause", "WS-1.2")]
    [Trait("Clause", "WS-1.3")]
    [Trait("Clause", "WS-5.1")]
    [Trait("Clause", "WS-5.2")]
    [MemberData(nameof(Cases))]
    public async Task Connect_ping_identify_and_perf_work_with_js_libp2p_over_websockets(string muxer, bool rustyNodeDials)
    {
        await using var rusty = await StartRustyNodeAsync("rustynode", "--muxer", muxer, "--listen", WsListen);
        await using var js = await StartJsPeerAsync("js-libp2p", "--muxer", muxer, "--listen", WsListen);
        var (dialer, listener) = rustyNodeDials ? (rusty, js) : (js, rusty);
        Assert.All(new[] { rusty, js }, node => Assert.Contains("/ws/p2p/", node.Addresses.Single(), StringComparison.Ordinal));

        var connected = await dialer.SendOkAsync(Command("connect", ("addr", listener.Addresses[0])));
        Assert.Equal(listener.PeerId, (string?)connected["peer"]);
        await listener.WaitForEventAsync(e => Is(e, "peer_connected") && (string?)e["peer"] == dialer.PeerId && (string?)e["direction"] == "inbound");

        var peers = await rusty.SendOkAsync(Command("peers"));
        var entry = peers["peers"]!.AsArray().Single(p => (string?)p!["peer"] == js.PeerId)!;
        Assert.Equal(muxer == "yamux" ? "/yamux/1.0.0" : "/mplex/6.7.0", (string?)entry["muxer"]);
        Assert.EndsWith("/ws", (string?)entry["addr"], StringComparison.Ordinal);

        foreach (var (from, to) in new[] { (rusty, js), (js, rusty) })
        {
            var ping = await from.SendOkAsync(Command("ping", ("peer", to.PeerId)));
            Assert.True((double)ping["rttMs"]! >= 0);

            var identify = await from.SendOkAsync(Command("identify", ("peer", to.PeerId)));
            var protocols = identify["protocols"]!.AsArray().Select(p => (string?)p).ToArray();
            Assert.Contains("/ipfs/id/1.0.0", protocols);
            Assert.Contains("/perf/1.0.0", protocols);
            var listenAddrs = identify["listenAddrs"]!.AsArray().Select(a => (string?)a).ToArray();
            Assert.Contains(listenAddrs, a => a!.EndsWith("/ws", StringComparison.Ordinal) && to.Addresses[0].StartsWith(a, StringComparison.Ordinal));
            // What the remote observed of us: ours carries /ws; js reports its inbound WebSocket
            // peers by their TCP address (sometimes with /p2p), so only the prefix is checked there.
            var observed = (string?)identify["observedAddr"];
            if (to == rusty)
            {
                Assert.Matches(@"^/ip4/127\.0\.0\.1/tcp/[0-9]+/ws$", observed);
            }
            else
            {
                Assert.StartsWith("/ip4/127.0.0.1/tcp/", observed, StringComparison.Ordinal);
            }
        }

        foreach (var (from, to) in new[] { (dialer, listener), (listener, dialer) })
        {
            var perf = await from.SendOkAsync(
                Command("perf", ("peer", to.PeerId), ("uploadBytes", PerfBytes), ("downloadBytes", PerfBytes)), TimeSpan.FromSeconds(90));
            Assert.Equal(PerfBytes, (long)perf["uploadBytes"]!);
            Assert.Equal(PerfBytes, (long)perf["downloadBytes"]!);
        }

        // Still one healthy connection after 80 MB: ping it once more.
        await dialer.SendOkAsync(Command("ping", ("peer", listener.PeerId)));
    }

    [Fact]
    [Trait("Clause", "WS-5.2")]
    public async Task A_daemon_listens_on_tcp_and_ws_at_once_and_js_reaches_it_over_either()
    {
        await using var rusty = await StartRustyNodeAsync("rustynode", "--listen", "/ip4/127.0.0.1/tcp/0", "--listen", WsListen);
        Assert.Equal(2, rusty.Addresses.Count);
        var ws = rusty.Addresses.Single(a => a.Contains("/ws/", StringComparison.Ordinal));
        var tcp = rusty.Addresses.Single(a => !a.Contains("/ws/", StringComparison.Ordinal));

        foreach (var address in new[] { ws, tcp })
        {
            await using var js = await StartJsPeerAsync("js-libp2p");
            await js.SendOkAsync(Command("connect", ("addr", address)));
            var peers = await rusty.SendOkAsync(Command("peers"));
            var entry = peers["peers"]!.AsArray().Single(p => (string?)p!["peer"] == js.PeerId)!;
            Assert.Equal(address == ws, ((string?)entry["addr"])!.EndsWith("/ws", StringComparison.Ordinal));
            await js.SendOkAsync(Command("ping", ("peer", rusty.PeerId)));
        }
    }

    private static bool Is(JsonObject e, string type) => (string?)e["type"] == type;
}
