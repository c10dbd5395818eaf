using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Protocols.Echo;

/// <summary>
/// The echo protocol (specs/network/11-ping-perf.md, ECHO): the listener writes back every byte
/// it reads until the opener half-closes. A diagnostic that proves a path carries data both
/// ways byte for byte (js-libp2p ships the same protocol as @libp2p/echo).
/// </summary>
public sealed class EchoBehaviour : INetworkBehaviour
{
    /// <summary>The protocol id.</summary>
    public const string ProtocolId = "/echo/1.0.0";

    /// <summary>Default of the most bytes we echo on one stream before resetting it (ECHO-2).</summary>
    public const long DefaultMaxBytesPerStream = 1L << 30;

    private readonly long _maxBytesPerStream;
    private ISwarmContext? _swarm;

    /// <param name="maxBytesPerStream">Most bytes echoed on one stream; more resets it.</param>
    public EchoBehaviour(long maxBytesPerStream = DefaultMaxBytesPerStream)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytesPerStream);
        _maxBytesPerStream = maxBytesPerStream;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; } = [ProtocolId];

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm) => _swarm = swarm;

    /// <summary>
    /// Sends <paramref name="bytes"/> bytes of a pattern derived from <paramref name="seed"/> to
    /// <paramref name="peer"/> and checks that the echo is the same, byte for byte.
    /// </summary>
    /// <returns>The time the whole round trip took.</returns>
    /// <exception cref="EchoMismatchException">The echo differs or is short.</exception>
    public async Task<TimeSpan> RunAsync(PeerId peer, long bytes, int seed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var swarm = _swarm ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");
        await using var stream = await swarm.OpenStreamAsync(peer, [ProtocolId], cancellationToken);
        var started = swarm.TimeProvider.GetTimestamp();
        var send = SendPatternAsync(stream.Output, bytes, seed, cancellationToken);
        var verify = VerifyPatternAsync(stream.Input, bytes, seed, peer, cancellationToken);
        await Task.WhenAll(send, verify);
        return swarm.TimeProvider.GetElapsedTime(started);
    }

    /// <inheritdoc />
    public async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long total = 0;
        while (true)
        {
            var result = await stream.Input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            total += buffer.Length;
            if (total > _maxBytesPerStream)
            {
                throw new EchoMismatchException($"{stream.Peer} sent more than {_maxBytesPerStream} bytes on one echo stream.");
            }

            // Each segment is framed straight from the receive buffer, which is released only once
            // it is sent: a peer that does not read its echo leaves its bytes in the buffer the
            // memory budget counts (RCM-1.3), and earns no window for more, instead of making us
            // hold a second copy.
            var completed = false;
            foreach (var segment in buffer)
            {
                var flush = await stream.Output.WriteAsync(segment, cancellationToken);
                completed |= flush.IsCompleted;
            }

            stream.Input.AdvanceTo(buffer.End);
            if (result.IsCompleted || completed)
            {
                break;
            }
        }

        await stream.Output.CompleteAsync();
    }

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
    }

    /// <summary>The byte at <paramref name="position"/> of the pattern of <paramref name="seed"/>.</summary>
    internal static byte PatternByte(long position, int seed)
    {
        var x = (ulong)position * 0x9E3779B97F4A7C15UL ^ (ulong)seed;
        return (byte)(x >> 56 ^ x >> 13);
    }

    private static void FillPattern(Span<byte> span, long offset, int seed)
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = PatternByte(offset + i, seed);
        }
    }

    private static async Task SendPatternAsync(PipeWriter output, long bytes, int seed, CancellationToken cancellationToken)
    {
        long sent = 0;
        while (sent < bytes)
        {
            var chunk = (int)Math.Min(bytes - sent, 64 * 1024);
            FillPattern(output.GetSpan(chunk)[..chunk], sent, seed);
            output.Advance(chunk);
            sent += chunk;
            var flush = await output.FlushAsync(cancellationToken);
            if (flush.IsCompleted)
            {
                throw new IOException("The echo stream was closed while sending.");
            }
        }

        await output.CompleteAsync();
    }

    private static async Task VerifyPatternAsync(PipeReader input, long bytes, int seed, PeerId peer, CancellationToken cancellationToken)
    {
        long received = 0;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            foreach (var segment in result.Buffer)
            {
                var span = segment.Span;
                for (var i = 0; i < span.Length; i++)
                {
                    if (span[i] != PatternByte(received + i, seed))
                    {
                        throw new EchoMismatchException($"Echo from {peer} differs at byte {received + i}.");
                    }
                }

                received += span.Length;
            }

            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        if (received != bytes)
        {
            throw new EchoMismatchException($"Echo from {peer} returned {received} of {bytes} bytes.");
        }
    }
}
