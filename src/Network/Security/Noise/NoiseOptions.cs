using System.IO.Pipelines;

namespace RustyNode.Network.Security.Noise;

/// <summary>Settings of <see cref="NoiseSecurity"/>. Defaults live here and only here.</summary>
public sealed class NoiseOptions
{
    /// <summary>Longest a handshake may take before the connection is closed. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest <see cref="SecureChannel.DisposeAsync"/> waits for buffered outbound data to be
    /// sealed and handed to the transport before it abandons it. Default 5 s.
    /// </summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Stream muxers we offer in the handshake extensions (early muxer negotiation), in order of
    /// preference, e.g. "/yamux/1.0.0". Default: none (muxers are then negotiated afterwards).
    /// </summary>
    public IReadOnlyList<string> StreamMuxers { get; init; } = [];

    /// <summary>
    /// Options of the two plaintext pipes of each <see cref="SecureChannel"/>: their thresholds
    /// are the channel's backpressure. Default: pause at 1 MiB, resume at 512 KiB, 64 KiB segments
    /// (so most frames are sealed straight from one segment).
    /// </summary>
    public PipeOptions ChannelPipeOptions { get; init; } = new(
        pauseWriterThreshold: 1 << 20,
        resumeWriterThreshold: 1 << 19,
        minimumSegmentSize: 64 * 1024,
        useSynchronizationContext: false);

    /// <summary>Clock for the handshake and close timeouts. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero, nameof(HandshakeTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(CloseTimeout, TimeSpan.Zero, nameof(CloseTimeout));
        ArgumentNullException.ThrowIfNull(StreamMuxers);
        ArgumentNullException.ThrowIfNull(ChannelPipeOptions);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(StreamMuxers.Count, NoiseLimits.MaxStreamMuxers, nameof(StreamMuxers));
    }
}
