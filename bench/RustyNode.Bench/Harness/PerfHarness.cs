using System.Globalization;
using System.Text.Json.Nodes;
using RustyNode.Bench.Network.Security;
using RustyNode.Bench.Network.Transport;

namespace RustyNode.Bench.Harness;

/// <summary>
/// `perf`: stream throughput with /perf/1.0.0 over TCP + Noise + Yamux on loopback, C#→C#
/// (two rustynode processes) and js→js (two js-libp2p peers) in the same run, and raw loopback
/// TCP through our own socket code; prints each figure and the ratios.
/// Each pair first runs three unreported 100 MB warm-ups each way; then the best of the runs counts.
/// Then the same over WebSocket (/ws, see PerfHarness.WebSocket.cs).
/// Arguments: [bytes per run, default 1 GB] [runs, default 3] [muxer, default yamux] [tcp|ws|both|codec, default both]
/// (codec: only our WebSocket frame codec against System.Net.WebSockets).
/// </summary>
public static partial class PerfHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var bytes = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var muxer = args.Length > 2 ? args[2] : "yamux";
        var transports = args.Length > 3 ? args[3] : "both";
        Console.WriteLine($"perf harness: {bytes / 1e6:0} MB per run, {runs} runs, muxer {muxer}, transports {transports}, best run reported");
        if (transports is "ws" or "codec")
        {
            await RunWebSocketAsync(bytes, runs, muxer, null, pairs: transports == "ws");
            return 0;
        }

        var raw = 0.0;
        for (var i = 0; i < runs; i++)
        {
            raw = Math.Max(raw, await TcpThroughput.MeasureMegabytesPerSecondAsync(bytes, CancellationToken.None));
        }

        Console.WriteLine($"raw loopback TCP (our socket code): {raw:0} MB/s");
        var noise = 0.0;
        for (var i = 0; i < runs; i++)
        {
            noise = Math.Max(noise, await NoiseTcpThroughput.MeasureMegabytesPerSecondAsync(bytes, CancellationToken.None));
        }

        Console.WriteLine($"loopback TCP + Noise, no muxer: {noise:0} MB/s");
        var (csUp, csDown) = await MeasurePairAsync(JsonLinePeer.StartRustyNodeAsync, muxer, bytes, runs);
        Console.WriteLine($"C#→C# perf: upload {csUp:0} MB/s, download {csDown:0} MB/s");
        var (jsUp, jsDown) = await MeasurePairAsync(JsonLinePeer.StartJsPeerAsync, muxer, bytes, runs);
        Console.WriteLine($"js→js perf: upload {jsUp:0} MB/s, download {jsDown:0} MB/s");
        Console.WriteLine($"ratio C#/js: upload {csUp / jsUp:0.00}x, download {csDown / jsDown:0.00}x (goal >= 2)");
        Console.WriteLine($"ratio C#/raw TCP: upload {csUp / raw:0.00}, download {csDown / raw:0.00} (goal >= 0.5)");
        Console.WriteLine($"ratio C#/(TCP + Noise): upload {csUp / noise:0.00}, download {csDown / noise:0.00} (what the muxer, streams and perf cost)");
        if (transports == "both")
        {
            await RunWebSocketAsync(bytes, runs, muxer, new TcpFigures(raw, csUp, csDown, jsUp, jsDown));
        }

        return 0;
    }

    private static Task<(double Up, double Down)> MeasurePairAsync(Func<string[], Task<JsonLinePeer>> start, string muxer, long bytes, int runs) =>
        MeasurePairAsync(start, start, [], bytes, runs, muxer);

    /// <summary>The best upload and download of <paramref name="runs"/> perf runs from a client to a server listening with <paramref name="listen"/>.</summary>
    private static async Task<(double Up, double Down)> MeasurePairAsync(
        Func<string[], Task<JsonLinePeer>> startServer, Func<string[], Task<JsonLinePeer>> startClient, string[] listen, long bytes, int runs, string muxer)
    {
        await using var server = await startServer(["--muxer", muxer, .. listen]);
        await using var client = await startClient(["--muxer", muxer]);
        await client.SendAsync(new JsonObject { ["type"] = "connect", ["addr"] = server.Address }, TimeSpan.FromSeconds(30));

        // Warm-up (JIT tiering on our side, V8 optimisation on js's), not reported.
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(
                new JsonObject { ["type"] = "perf", ["peer"] = server.PeerId, ["uploadBytes"] = 100_000_000, ["downloadBytes"] = 100_000_000 }, TimeSpan.FromMinutes(5));
        }

        double up = 0, down = 0;
        for (var i = 0; i < runs; i++)
        {
            var upload = await client.SendAsync(
                new JsonObject { ["type"] = "perf", ["peer"] = server.PeerId, ["uploadBytes"] = bytes, ["downloadBytes"] = 0 }, TimeSpan.FromMinutes(5));
            var download = await client.SendAsync(
                new JsonObject { ["type"] = "perf", ["peer"] = server.PeerId, ["uploadBytes"] = 0, ["downloadBytes"] = bytes }, TimeSpan.FromMinutes(5));
            up = Math.Max(up, (double)upload["uploadMBps"]!);
            down = Math.Max(down, (double)download["downloadMBps"]!);
        }

        return (up, down);
    }
}
