using System.Text.Json.Nodes;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Interop;

/// <summary>
/// rustynode against js-libp2p 2.x (tests/interop/js), over TCP + Noise + Yamux and TCP + Noise +
/// mplex, with each side dialing, both daemons at their defaults: connect, ping, identify, echo
/// through one stream both ways checked byte for byte, and perf 20 MB each way.
/// </summary>
public class JsInteropTests
{
    /// <summary>What rustynode asks js to echo: the answer is asked for, so it runs at full speed.</summary>
    private const long EchoBytes = 100_000_000;

    /// <summary>
    /// What js asks rustynode to echo: sent on a stream js opened, so unasked and held to rustynode's
    /// default budget (1 MB/s after a 2 MB burst, PROT-2.3), which this keeps to a few seconds.
    /// </summary>
    private const long UnaskedEchoBytes = 4_000_000;

    private const long PerfBytes = 20_000_000;

    public static TheoryData<string, bool> Cases => new()
    {
        { "yamux", true },
        { "yamux", false },
        { "mplex", true },
        { "mplex", false },
    };

    [Theory]
    [Trait("Clause", "CONN-1.1")]
    [Trait("Clause", "IDY-1.1")]
    [Trait("Clause", "PING-1.1")]
    [Trait("Clause", "PROT-2.3")]
    [MemberData(nameof(Cases))]
    public async Task Connect_ping_identify_and_100_MB_echo_work_with_js_libp2p(string muxer, bool rustyNodeDials)
    {
        await using var rusty = await StartRustyNodeAsync("rustynode", "--muxer", muxer);
        await using var js = await StartJsPeerAsync("js-libp2p", "--muxer", muxer);
        var (dialer, listener) = rustyNodeDials ? (rusty, js) : (js, rusty);

        var connected = await dialer.SendOkAsync(Command("connect", ("addr", listener.Addresses[0])));
        Assert.Equal(listener.PeerId, (string?)connected["peer"]);
        await listener.WaitForEventAsync(e => Is(e, "peer_connected") && (string?)e["peer"] == dialer.PeerId && (string?)e["direction"] == "inbound");
        await dialer.WaitForEventAsync(e => Is(e, "peer_connected") && (string?)e["peer"] == listener.PeerId && (string?)e["direction"] == "outbound");

        var peers = await rusty.SendOkAsync(Command("peers"));
        var entry = peers["peers"]!.AsArray().Single(p => (string?)p!["peer"] == js.PeerId)!;
        Assert.Equal(muxer == "yamux" ? "/yamux/1.0.0" : "/mplex/6.7.0", (string?)entry["muxer"]);

        foreach (var (from, to) in new[] { (rusty, js), (js, rusty) })
        {
            var ping = await from.SendOkAsync(Command("ping", ("peer", to.PeerId)));
            Assert.True((double)ping["rttMs"]! >= 0);

            var identify = await from.SendOkAsync(Command("identify", ("peer", to.PeerId)));
            var protocols = identify["protocols"]!.AsArray().Select(p => (string?)p).ToArray();
            Assert.Contains("/ipfs/id/1.0.0", protocols);
            Assert.Contains("/ipfs/ping/1.0.0", protocols);
            Assert.Contains("/echo/1.0.0", protocols);
            var listenAddrs = identify["listenAddrs"]!.AsArray().Select(a => (string?)a).ToArray();
            Assert.Contains(listenAddrs, a => to.Addresses.Any(d => d.StartsWith(a!, StringComparison.Ordinal)));
            Assert.False(string.IsNullOrEmpty((string?)identify["agentVersion"]));
            Assert.StartsWith("/ip4/127.0.0.1/tcp/", (string?)identify["observedAddr"], StringComparison.Ordinal);
        }

        foreach (var (from, to) in new[] { (dialer, listener), (listener, dialer) })
        {
            var bytes = from == rusty ? EchoBytes : UnaskedEchoBytes;
            var echo = await from.SendOkAsync(Command("echo", ("peer", to.PeerId), ("bytes", bytes)), TimeSpan.FromSeconds(120));
            Assert.True((bool?)echo["verified"]);
            Assert.Equal(bytes, (long)echo["bytes"]!);
        }

        // The case: the peer that dials runs perf against the other, 20 MB each way, at the
        // defaults. When js uploads to rustynode the upload is held to rustynode's budget, never cut.
        var perf = await dialer.SendOkAsync(
            Command("perf", ("peer", listener.PeerId), ("uploadBytes", PerfBytes), ("downloadBytes", PerfBytes)), TimeSpan.FromSeconds(90));
        Assert.Equal(PerfBytes, (long)perf["uploadBytes"]!);
        Assert.Equal(PerfBytes, (long)perf["downloadBytes"]!);
        Assert.True((double)perf["downloadMBps"]! > 0);
        var score = (await rusty.SendOkAsync(Command("peers")))["peers"]!.AsArray().Single(p => (string?)p!["peer"] == js.PeerId)!;
        Assert.Equal(0.0, (double)score["score"]!);
    }

    [Fact]
    [Trait("Clause", "CONN-2.2")]
    public async Task Dialing_js_peer_under_another_peer_id_fails_with_a_clear_error()
    {
        await using var rusty = await StartRustyNodeAsync("rustynode");
        await using var js = await StartJsPeerAsync("js-libp2p", "--key-seed", "7");
        const string otherPeer = "12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X";
        var address = js.Addresses[0][..js.Addresses[0].LastIndexOf("/p2p/", StringComparison.Ordinal)] + "/p2p/" + otherPeer;

        var result = await rusty.SendAsync(Command("connect", ("addr", address)));

        Assert.False((bool?)result["ok"]);
        Assert.Contains(otherPeer, (string?)result["error"], StringComparison.Ordinal);
        Assert.Contains(js.PeerId, (string?)result["error"], StringComparison.Ordinal);
        var peers = await rusty.SendOkAsync(Command("peers"));
        Assert.Empty(peers["peers"]!.AsArray());
    }

    private static bool Is(JsonObject e, string type) => (string?)e["type"] == type;
}
