using RustyNode.Bench.Network.Transport;

namespace RustyNode.Bench.Harness;

/// <summary>
/// The WebSocket half of `perf`: raw loopback WebSocket through our frame codec and through
/// System.Net.WebSockets (the alternative we measured it against), then /perf/1.0.0 over
/// <c>/ip4/127.0.0.1/tcp/0/ws</c> for C#→C#, C#→js, js→C# and js→js, beside the TCP figures of the
/// same run.
/// </summary>
public static partial class PerfHarness
{
    private static readonly string[] WsListen = ["--listen", "/ip4/127.0.0.1/tcp/0/ws"];

    private static async Task RunWebSocketAsync(PerfSettings settings, TcpFigures? tcp, bool pairs)
    {
        var (ours, system) = await CompareCodecsAsync(settings.Bytes, settings.Runs);
        Console.WriteLine($"raw loopback WebSocket, our codec: client→server (masked) {ours.Masked.MegabytesPerSecond:0} MB/s ({ours.Masked.AllocatedBytesPerMegabyte:0} B allocated per MB), " +
            $"server→client {ours.Unmasked.MegabytesPerSecond:0} MB/s ({ours.Unmasked.AllocatedBytesPerMegabyte:0} B/MB)");
        Console.WriteLine($"raw loopback WebSocket, System.Net.WebSockets: client→server {system.Masked.MegabytesPerSecond:0} MB/s ({system.Masked.AllocatedBytesPerMegabyte:0} B/MB), " +
            $"server→client {system.Unmasked.MegabytesPerSecond:0} MB/s ({system.Unmasked.AllocatedBytesPerMegabyte:0} B/MB)");
        Console.WriteLine($"ratio our codec/System.Net.WebSockets: masked {ours.Masked.MegabytesPerSecond / system.Masked.MegabytesPerSecond:0.00}x, " +
            $"unmasked {ours.Unmasked.MegabytesPerSecond / system.Unmasked.MegabytesPerSecond:0.00}x");
        if (tcp is { } t)
        {
            Console.WriteLine($"ratio raw WebSocket/raw TCP: masked {ours.Masked.MegabytesPerSecond / t.Raw:0.00}, unmasked {ours.Unmasked.MegabytesPerSecond / t.Raw:0.00}");
        }

        if (!pairs)
        {
            return;
        }

        var ws = await MeasureAllPairsAsync(settings, WsListen, " over /ws");
        if (tcp is { } f)
        {
            Console.WriteLine($"ratio /ws over TCP, download: C#→C# {ws["C#→C#"].Down / f.Pairs["C#→C#"].Down:0.00}, " +
                $"js→js {ws["js→js"].Down / f.Pairs["js→js"].Down:0.00}");
        }
    }

    /// <summary>
    /// The fastest of <paramref name="runs"/> transfers each way through each codec, after one
    /// unreported warm-up each; the two codecs take turns so that both see the same machine load.
    /// </summary>
    private static async Task<((TransferFigures Masked, TransferFigures Unmasked) Ours, (TransferFigures Masked, TransferFigures Unmasked) System)> CompareCodecsAsync(long bytes, int runs)
    {
        Func<bool, Task<TransferFigures>>[] codecs =
        [
            clientSends => WebSocketThroughput.MeasureAsync(bytes, clientSends, CancellationToken.None),
            clientSends => SystemNetWebSocketThroughput.MeasureAsync(bytes, clientSends, CancellationToken.None),
        ];
        var best = new (TransferFigures Masked, TransferFigures Unmasked)[codecs.Length];
        for (var i = 0; i <= runs; i++)
        {
            for (var c = 0; c < codecs.Length; c++)
            {
                var masked = await codecs[c](true);
                var unmasked = await codecs[c](false);
                if (i == 0)
                {
                    continue; // warm-up
                }

                best[c] = (Faster(best[c].Masked, masked), Faster(best[c].Unmasked, unmasked));
            }
        }

        return (best[0], best[1]);
    }

    private static TransferFigures Faster(TransferFigures a, TransferFigures b) => b.MegabytesPerSecond > a.MegabytesPerSecond ? b : a;

    /// <summary>The TCP figures of the same run, for the ratios.</summary>
    private readonly record struct TcpFigures(double Raw, Dictionary<string, (double Up, double Down)> Pairs);
}
