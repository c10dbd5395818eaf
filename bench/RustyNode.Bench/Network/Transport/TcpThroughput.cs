using System.Diagnostics;
using System.IO.Pipelines;
using RustyNode.Network.Addressing;
using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Bench.Network.Transport;

/// <summary>
/// Raw loopback TCP through our own socket code: one <see cref="TcpConnection"/> pair on
/// 127.0.0.1, one direction. The reference the perf harness divides protocol throughput by.
/// </summary>
public static class TcpThroughput
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>
    /// Sends <paramref name="bytes"/> from a dialed connection to an accepted one and returns the
    /// rate in MB/s (10^6 bytes per second), timed from the first write until the receiver has
    /// seen the last byte and the sender's FIN. The payload is not touched per byte, so this
    /// measures the transport, not a data generator.
    /// </summary>
    public static async Task<double> MeasureMegabytesPerSecondAsync(long bytes, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        var transport = new TcpTransport();
        await using var listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), ct);
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var sender = await transport.DialAsync(listener.ListenAddress, ct);
        await using var receiver = await accept;

        var stopwatch = Stopwatch.StartNew();
        var receive = ReceiveAllAsync(receiver, ct);
        await SendAsync(sender, bytes, ct);
        var received = await receive;
        stopwatch.Stop();
        if (received != bytes)
        {
            throw new InvalidOperationException($"Received {received} of {bytes} bytes.");
        }

        return bytes / 1e6 / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Writes the given number of untouched bytes in 64 KiB chunks, then completes.</summary>
    internal static async Task SendAsync(IDuplexPipe connection, long bytes, CancellationToken ct)
    {
        var output = connection.Output;
        var remaining = bytes;
        while (remaining > 0)
        {
            var memory = output.GetMemory(ChunkSize);
            var count = (int)Math.Min(memory.Length, remaining);
            output.Advance(count);
            remaining -= count;
            var flush = await output.FlushAsync(ct);
            if (flush.IsCompleted)
            {
                throw new IOException("The receiver stopped reading.");
            }
        }

        await output.CompleteAsync();
    }

    /// <summary>Reads until the sender completes; returns the byte count.</summary>
    internal static async Task<long> ReceiveAllAsync(IDuplexPipe connection, CancellationToken ct)
    {
        var input = connection.Input;
        long total = 0;
        while (true)
        {
            var result = await input.ReadAsync(ct);
            total += result.Buffer.Length;
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return total;
            }
        }
    }
}
