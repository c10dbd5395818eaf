using System.Diagnostics;
using RustyNode.Bench.Network.Transport;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Security.Noise;
using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Bench.Network.Security;

/// <summary>
/// Loopback TCP secured by Noise (no muxer): the same socket code as <see cref="TcpThroughput"/>
/// plus ChaCha20-Poly1305 sealing and opening on each side. Between raw TCP and the full stack, it
/// shows what encryption costs and what the muxer and perf protocol add on top.
/// </summary>
public static class NoiseTcpThroughput
{
    /// <summary>Sends <paramref name="bytes"/> one way through a Noise channel; returns MB/s.</summary>
    public static async Task<double> MeasureMegabytesPerSecondAsync(long bytes, CancellationToken ct)
    {
        var transport = new TcpTransport();
        await using var listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), ct);
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var dialed = await transport.DialAsync(listener.ListenAddress, ct);
        await using var accepted = await accept;
        using var senderKey = Ed25519PrivateKey.Generate();
        using var receiverKey = Ed25519PrivateKey.Generate();
        using var senderNoise = new NoiseSecurity(senderKey);
        using var receiverNoise = new NoiseSecurity(receiverKey);
        var inbound = receiverNoise.SecureInboundAsync(accepted, ct);
        await using var sender = await senderNoise.SecureOutboundAsync(dialed, receiverKey.PeerId, ct);
        await using var receiver = await inbound;

        var stopwatch = Stopwatch.StartNew();
        var receive = TcpThroughput.ReceiveAllAsync(receiver, ct);
        await TcpThroughput.SendAsync(sender, bytes, ct);
        var received = await receive;
        stopwatch.Stop();
        return received == bytes
            ? bytes / 1e6 / stopwatch.Elapsed.TotalSeconds
            : throw new InvalidOperationException($"Received {received} of {bytes} bytes.");
    }
}
