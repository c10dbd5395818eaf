using System.Diagnostics;
using System.IO.Pipelines;
using RustyNode.Network.Addressing;
using RustyNode.Network.Transport.WebSockets;

namespace RustyNode.Bench.Network.Transport;

/// <summary>
/// Raw loopback WebSocket through our transport (no Noise, no muxer): one
/// <see cref="WebSocketConnection"/> pair on 127.0.0.1, one direction, with the same untouched
/// 64 KiB writes as <see cref="TcpThroughput"/>. Client to server is masked, server to client is
/// not, so both directions are measured.
/// </summary>
public static class WebSocketThroughput
{
    /// <summary>Transfers <paramref name="bytes"/> one way; returns MB/s and bytes allocated per MB moved (whole process).</summary>
    public static async Task<TransferFigures> MeasureAsync(long bytes, bool clientSends, CancellationToken ct)
    {
        var transport = new WebSocketTransport();
        await using var listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), ct);
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var client = await transport.DialAsync(listener.ListenAddress, ct);
        await using var server = await accept;
        await server.Handshake;
        var (sender, receiver) = clientSends ? ((IDuplexPipe)client, (IDuplexPipe)server) : (server, client);
        return await TransferAsync(sender, receiver, bytes, ct);
    }

    /// <summary>Times <paramref name="bytes"/> from <paramref name="sender"/> until <paramref name="receiver"/> has them all.</summary>
    internal static async Task<TransferFigures> TransferAsync(IDuplexPipe sender, IDuplexPipe receiver, long bytes, CancellationToken ct)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var receive = ReceiveAsync(receiver.Input, bytes, ct);
        await SendAsync(sender.Output, bytes, ct);
        var received = await receive;
        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return received == bytes
            ? new TransferFigures(bytes / 1e6 / stopwatch.Elapsed.TotalSeconds, allocated / (bytes / 1e6))
            : throw new InvalidOperationException($"Received {received} of {bytes} bytes.");
    }

    /// <summary>Writes untouched 64 KiB chunks, leaving the output open (WebSocket has no half-close).</summary>
    private static async Task SendAsync(PipeWriter output, long bytes, CancellationToken ct)
    {
        for (var remaining = bytes; remaining > 0;)
        {
            var memory = output.GetMemory(64 * 1024);
            var count = (int)Math.Min(memory.Length, remaining);
            output.Advance(count);
            remaining -= count;
            if ((await output.FlushAsync(ct)).IsCompleted)
            {
                throw new IOException("The receiver stopped reading.");
            }
        }
    }

    private static async Task<long> ReceiveAsync(PipeReader input, long bytes, CancellationToken ct)
    {
        long total = 0;
        while (total < bytes)
        {
            var result = await input.ReadAsync(ct);
            total += result.Buffer.Length;
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        return total;
    }
}
