using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Protocols.Perf;

/// <summary>
/// The libp2p perf protocol (specs/network/11-ping-perf.md, PERF): the client names how many
/// bytes it wants back, uploads its bytes and half-closes; the server drains the upload, then
/// sends the requested bytes and closes. Measures stream throughput between two nodes.
/// </summary>
public sealed class PerfBehaviour : INetworkBehaviour
{
    /// <summary>The protocol id.</summary>
    public const string ProtocolId = "/perf/1.0.0";

    private ISwarmContext? _swarm;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; } = [ProtocolId];

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm) => _swarm = swarm;

    /// <summary>Uploads <paramref name="uploadBytes"/> to <paramref name="peer"/> and downloads <paramref name="downloadBytes"/>.</summary>
    /// <exception cref="PerfException">The server sent fewer or more bytes than asked.</exception>
    public async Task<PerfResult> RunAsync(PeerId peer, long uploadBytes, long downloadBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(uploadBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(downloadBytes);
        var swarm = _swarm ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");
        await using var stream = await swarm.OpenStreamAsync(peer, [ProtocolId], cancellationToken);
        var time = swarm.TimeProvider;
        var started = time.GetTimestamp();
        var header = stream.Output.GetSpan(8);
        BinaryPrimitives.WriteUInt64BigEndian(header, (ulong)downloadBytes);
        stream.Output.Advance(8);
        await SendAsync(stream.Output, uploadBytes, cancellationToken);
        await stream.Output.CompleteAsync();

        // Upload ends when the server starts answering (it answers only after our half-close).
        var first = await stream.Input.ReadAsync(cancellationToken);
        var uploadTime = time.GetElapsedTime(started);
        var downloadStarted = time.GetTimestamp();
        stream.Input.AdvanceTo(first.Buffer.Start);
        var received = await DrainAsync(stream.Input, cancellationToken);
        var downloadTime = time.GetElapsedTime(downloadStarted);
        if (received != downloadBytes)
        {
            throw new PerfException($"{peer} sent {received} bytes where {downloadBytes} were asked.");
        }

        return new PerfResult(uploadBytes, downloadBytes, uploadTime, downloadTime);
    }

    /// <inheritdoc />
    public async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var result = await stream.Input.ReadAtLeastAsync(8, cancellationToken);
        if (result.Buffer.Length < 8)
        {
            throw new PerfException($"{stream.Peer} closed its perf stream inside the 8-byte header.");
        }

        var requested = ReadHeader(result.Buffer);
        stream.Input.AdvanceTo(result.Buffer.GetPosition(8));
        if (requested > PerfLimits.MaxDownloadBytes)
        {
            throw new PerfException($"{stream.Peer} asked for {requested} perf bytes, over the limit of {PerfLimits.MaxDownloadBytes}.");
        }

        await DrainAsync(stream.Input, cancellationToken);
        await SendAsync(stream.Output, (long)requested, cancellationToken);
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

    private static ulong ReadHeader(ReadOnlySequence<byte> buffer)
    {
        Span<byte> header = stackalloc byte[8];
        buffer.Slice(0, 8).CopyTo(header);
        return BinaryPrimitives.ReadUInt64BigEndian(header);
    }

    private static async Task SendAsync(PipeWriter output, long bytes, CancellationToken cancellationToken)
    {
        while (bytes > 0)
        {
            var chunk = (int)Math.Min(bytes, PerfLimits.ChunkSize);

            // Fresh zeros, never whatever a pooled buffer held before (it may be another peer's data).
            output.GetSpan(chunk)[..chunk].Clear();
            output.Advance(chunk);
            bytes -= chunk;
            var flush = await output.FlushAsync(cancellationToken);
            if (flush.IsCompleted || flush.IsCanceled)
            {
                throw new IOException("The perf stream was closed by the remote while sending.");
            }
        }
    }

    private static async Task<long> DrainAsync(PipeReader input, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            total += result.Buffer.Length;
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return total;
            }
        }
    }
}
