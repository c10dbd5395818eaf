using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Protocols.Ping;

/// <summary>
/// libp2p ping (specs/network/11-ping-perf.md, PING): the dialer sends 32 random bytes, the
/// listener echoes them; the round trip is the liveness and latency measure.
/// </summary>
public sealed class PingBehaviour : INetworkBehaviour
{
    /// <summary>The protocol id.</summary>
    public const string ProtocolId = "/ipfs/ping/1.0.0";

    /// <summary>Size of one ping payload (PING-1).</summary>
    public const int PayloadSize = 32;

    /// <summary>Most pings we answer on one stream before closing it (PING-3).</summary>
    public const int MaxPingsPerStream = 1024;

    private ISwarmContext? _swarm;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; } = [ProtocolId];

    /// <summary>Time allowed for one ping. Default 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm) => _swarm = swarm;

    /// <summary>Pings <paramref name="peer"/> once over a new stream.</summary>
    /// <returns>The round-trip time.</returns>
    /// <exception cref="PingException">The echo differs from what we sent, or never came.</exception>
    public async Task<TimeSpan> PingAsync(PeerId peer, CancellationToken cancellationToken)
    {
        var swarm = _swarm ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        await using var stream = await swarm.OpenStreamAsync(peer, [ProtocolId], timeout.Token);
        var payload = RandomNumberGenerator.GetBytes(PayloadSize);
        var started = swarm.TimeProvider.GetTimestamp();
        await stream.Output.WriteAsync(payload, timeout.Token);
        var echo = await ReadPayloadAsync(stream.Input, timeout.Token)
            ?? throw new PingException($"{peer} closed the ping stream without answering.");
        var elapsed = swarm.TimeProvider.GetElapsedTime(started);
        if (!echo.AsSpan().SequenceEqual(payload))
        {
            throw new PingException($"{peer} answered a ping with other bytes than it was sent.");
        }

        await stream.Output.CompleteAsync();
        return elapsed;
    }

    /// <inheritdoc />
    public async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        for (var i = 0; i < MaxPingsPerStream; i++)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(Timeout);
            var payload = await ReadPayloadAsync(stream.Input, idle.Token);
            if (payload is null)
            {
                break;
            }

            await stream.Output.WriteAsync(payload, idle.Token);
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

    private static async ValueTask<byte[]?> ReadPayloadAsync(PipeReader input, CancellationToken cancellationToken)
    {
        var result = await input.ReadAtLeastAsync(PayloadSize, cancellationToken);
        var buffer = result.Buffer;
        if (buffer.Length < PayloadSize)
        {
            input.AdvanceTo(buffer.End);
            return buffer.IsEmpty ? null : throw new PingException($"Ping stream ended after {buffer.Length} of {PayloadSize} bytes.");
        }

        var payload = buffer.Slice(0, PayloadSize).ToArray();
        input.AdvanceTo(buffer.GetPosition(PayloadSize));
        return payload;
    }
}
