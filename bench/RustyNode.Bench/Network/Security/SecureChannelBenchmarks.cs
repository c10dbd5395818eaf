using BenchmarkDotNet.Attributes;
using RustyNode.Network.Identity;
using RustyNode.Network.Security.Noise;
using RustyNode.Network.Transport.Memory;

namespace RustyNode.Bench.Network.Security;

/// <summary>
/// Bulk transfer of 64 MiB through two SecureChannels over an in-memory connection: the ceiling
/// Noise puts on TCP+Noise+Yamux throughput (divide 64 MiB by the mean time for bytes/s).
/// </summary>
[MemoryDiagnoser]
public class SecureChannelBenchmarks : IDisposable
{
    private const int TotalBytes = 64 << 20;
    private const int WriteSize = 256 * 1024;

    private readonly byte[] _chunk = new byte[WriteSize];
    private Ed25519PrivateKey _dialerKey = null!;
    private Ed25519PrivateKey _listenerKey = null!;
    private NoiseSecurity _dialer = null!;
    private NoiseSecurity _listener = null!;
    private SecureChannel _sender = null!;
    private SecureChannel _receiver = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_chunk);
        _dialerKey = Ed25519PrivateKey.FromSeedNumber(1);
        _listenerKey = Ed25519PrivateKey.FromSeedNumber(2);
        _dialer = new NoiseSecurity(_dialerKey);
        _listener = new NoiseSecurity(_listenerKey);
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var inbound = _listener.SecureInboundAsync(right, CancellationToken.None);
        _sender = _dialer.SecureOutboundAsync(left, null, CancellationToken.None).GetAwaiter().GetResult();
        _receiver = inbound.GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<long> Transfer64MiB()
    {
        var receive = ReceiveAsync();
        for (var sent = 0; sent < TotalBytes; sent += WriteSize)
        {
            await _sender.Output.WriteAsync(_chunk);
        }

        return await receive;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _sender?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _receiver?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _dialer?.Dispose();
        _listener?.Dispose();
        _dialerKey?.Dispose();
        _listenerKey?.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<long> ReceiveAsync()
    {
        long received = 0;
        while (received < TotalBytes)
        {
            var result = await _receiver.Input.ReadAsync();
            received += result.Buffer.Length;
            _receiver.Input.AdvanceTo(result.Buffer.End);
        }

        return received;
    }
}
