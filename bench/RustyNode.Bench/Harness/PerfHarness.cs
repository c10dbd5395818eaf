using System.Globalization;
using System.Text.Json.Nodes;
using RustyNode.Bench.Network.Security;
using RustyNode.Bench.Network.Transport;

namespace RustyNode.Bench.Harness;

/// <summary>
/// `perf`: stream throughput with /perf/1.0.0 over Noise + a muxer on loopback, every node at its
/// default settings, in one run: C#→C# (two rustynode processes), C#→js, js→C# and js→js
/// (js-libp2p peers), plus raw loopback TCP through our own socket code and TCP + Noise without a
/// muxer; prints each figure and the ratios. Then the same over WebSocket (/ws, see
/// PerfHarness.WebSocket.cs). Downloads answer the client's request, so they run at full speed.
/// Uploads are unasked at the server: a rustynode server holds them to its default budget (1 MB/s
/// after a 2 MB burst, specs/network/14-protection.md), so uploads to rustynode are measured once,
/// on <c>uploadBytes</c>, to show the budget holds; uploads to js run on the full size.
/// Each pair first runs three unreported 100 MB download warm-ups; then the best of the runs counts.
/// Arguments: [bytes per run, default 1 GB] [runs, default 3] [muxer, default yamux]
/// [tcp|ws|both|codec, default both] [upload bytes to rustynode, default 20 MB]
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
        var budgeted = args.Length > 4 ? long.Parse(args[4], CultureInfo.InvariantCulture) : 20_000_000;
        Console.WriteLine($"perf harness: {bytes / 1e6:0} MB per run, {runs} runs, muxer {muxer}, transports {transports}, best run reported, every node at its defaults");
        var settings = new PerfSettings(bytes, budgeted, runs, muxer);
        if (transports is "ws" or "codec")
        {
            await RunWebSocketAsync(settings, null, pairs: transports == "ws");
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
        var figures = await MeasureAllPairsAsync(settings, [], string.Empty);
        var (_, csDown) = figures["C#→C#"];
        Console.WriteLine($"ratio download C#→C# / raw TCP: {csDown / raw:0.00} (goal >= 0.5); / (TCP + Noise): {csDown / noise:0.00}");
        if (transports == "both")
        {
            await RunWebSocketAsync(settings, new TcpFigures(raw, figures), pairs: true);
        }

        return 0;
    }

    /// <summary>
    /// Every pair (C#→C#, C#→js, js→C#, js→js) with the server listening with <paramref name="listen"/>
    /// (TCP when empty); prints each pair's figures and the ratios against js→js.
    /// </summary>
    private static async Task<Dictionary<string, (double Up, double Down)>> MeasureAllPairsAsync(PerfSettings settings, string[] listen, string label)
    {
        var pairs = new (string Name, Func<string[], Task<JsonLinePeer>> Client, Func<string[], Task<JsonLinePeer>> Server, bool ServerIsRusty)[]
        {
            ("C#→C#", JsonLinePeer.StartRustyNodeAsync, JsonLinePeer.StartRustyNodeAsync, true),
            ("C#→js", JsonLinePeer.StartRustyNodeAsync, JsonLinePeer.StartJsPeerAsync, false),
            ("js→C#", JsonLinePeer.StartJsPeerAsync, JsonLinePeer.StartRustyNodeAsync, true),
            ("js→js", JsonLinePeer.StartJsPeerAsync, JsonLinePeer.StartJsPeerAsync, false),
        };
        var figures = new Dictionary<string, (double Up, double Down)>(StringComparer.Ordinal);
        foreach (var (name, client, server, serverIsRusty) in pairs)
        {
            var upload = serverIsRusty ? settings.BudgetedUploadBytes : settings.Bytes;
            var (up, down) = await MeasurePairAsync(client, server, listen, settings, upload, serverIsRusty ? 1 : settings.Runs);
            figures[name] = (up, down);
            var note = serverIsRusty ? $" (unasked at a rustynode server: {upload / 1e6:0} MB held to its budget)" : string.Empty;
            Console.WriteLine($"{name} perf{label}: download {down:0} MB/s, upload {up:0.0} MB/s{note}");
        }

        var (csUp, csDown) = figures["C#→C#"];
        var (jsUp, jsDown) = figures["js→js"];
        Console.WriteLine($"ratio download{label} C#→C# / js→js: {csDown / jsDown:0.00}x (goal >= 2)");
        Console.WriteLine($"ratio download{label} C#→js / js→js: {figures["C#→js"].Down / jsDown:0.00}x; js→C# / js→js: {figures["js→C#"].Down / jsDown:0.00}x");
        Console.WriteLine($"ratio upload{label} C#→js / js→js: {figures["C#→js"].Up / jsUp:0.00}x");
        Console.WriteLine($"upload{label} into rustynode at its 1 MB/s default budget: C#→C# {csUp:0.00} MB/s, js→C# {figures["js→C#"].Up:0.00} MB/s");
        return figures;
    }

    /// <summary>The best upload and download of a client to a server listening with <paramref name="listen"/> (TCP when empty).</summary>
    private static async Task<(double Up, double Down)> MeasurePairAsync(
        Func<string[], Task<JsonLinePeer>> startClient, Func<string[], Task<JsonLinePeer>> startServer, string[] listen, PerfSettings settings, long uploadBytes, int uploadRuns)
    {
        await using var server = await startServer(["--muxer", settings.Muxer, .. listen]);
        await using var client = await startClient(["--muxer", settings.Muxer]);
        await client.SendAsync(new JsonObject { ["type"] = "connect", ["addr"] = server.Address }, TimeSpan.FromSeconds(30));

        // Warm-up (JIT tiering on our side, V8 optimisation on js's), not reported.
        for (var i = 0; i < 3; i++)
        {
            await PerfAsync(client, server, 0, 100_000_000);
        }

        double up = 0, down = 0;
        for (var i = 0; i < settings.Runs; i++)
        {
            down = Math.Max(down, (double)(await PerfAsync(client, server, 0, settings.Bytes))["downloadMBps"]!);
        }

        for (var i = 0; i < uploadRuns; i++)
        {
            up = Math.Max(up, (double)(await PerfAsync(client, server, uploadBytes, 0))["uploadMBps"]!);
        }

        return (up, down);
    }

    private static Task<JsonObject> PerfAsync(JsonLinePeer client, JsonLinePeer server, long upload, long download) =>
        client.SendAsync(
            new JsonObject { ["type"] = "perf", ["peer"] = server.PeerId, ["uploadBytes"] = upload, ["downloadBytes"] = download }, TimeSpan.FromMinutes(5));

    /// <summary>What every pair runs: bytes per run, bytes uploaded into a rustynode server, runs, muxer.</summary>
    private readonly record struct PerfSettings(long Bytes, long BudgetedUploadBytes, int Runs, string Muxer);
}
