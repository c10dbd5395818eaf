using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Network.Transport.WebSockets;

/// <summary>Settings of the WebSocket transport. Hostile-peer bounds are constants in <see cref="WebSocketLimits"/>.</summary>
public sealed class WebSocketTransportOptions
{
    /// <summary>The TCP connections underneath. Default: <see cref="TcpTransportOptions"/> defaults.</summary>
    public TcpTransportOptions Tcp { get; init; } = new();

    /// <summary>Request path the dialer asks for (the listener accepts any). Default "/".</summary>
    public string Path { get; init; } = "/";

    /// <summary>
    /// Largest payload of a frame we send: the flushed byte stream is cut into binary frames of at
    /// most this many bytes. Default 64 KiB, the size js-libp2p's own frames have (one Noise frame).
    /// </summary>
    public int MaxSendFramePayloadLength { get; init; } = 64 * 1024;

    /// <summary>Size hint of each buffer the received payload is copied into. Default 128 KiB.</summary>
    public int ReceiveSegmentSize { get; init; } = 128 * 1024;

    /// <summary>Unread received payload at which we stop reading the TCP connection. Default 1 MiB.</summary>
    public long InputPauseThreshold { get; init; } = 1024 * 1024;

    /// <summary>Unread received payload at which reading resumes. Default 512 KiB.</summary>
    public long InputResumeThreshold { get; init; } = 512 * 1024;

    /// <summary>Unframed bytes at which the application's flush waits. Default 1 MiB.</summary>
    public long OutputPauseThreshold { get; init; } = 1024 * 1024;

    /// <summary>Unframed bytes at which a waiting flush resumes. Default 512 KiB.</summary>
    public long OutputResumeThreshold { get; init; } = 512 * 1024;

    /// <summary>Smallest buffer the output pipe hands the application. Default 64 KiB.</summary>
    public int OutputSegmentSize { get; init; } = 64 * 1024;

    /// <summary>Clock for the handshake and close timeouts (tests inject a fake one). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Tcp);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (string.IsNullOrEmpty(Path) || Path[0] != '/' || Path.Any(c => c is <= ' ' or > '~'))
        {
            throw new ArgumentException("Path must start with '/' and be printable ASCII without spaces.", nameof(Path));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSendFramePayloadLength, 1, nameof(MaxSendFramePayloadLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxSendFramePayloadLength, WebSocketLimits.MaxFramePayloadLength, nameof(MaxSendFramePayloadLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveSegmentSize, 1024, nameof(ReceiveSegmentSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(OutputSegmentSize, 1024, nameof(OutputSegmentSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(InputPauseThreshold, InputResumeThreshold, nameof(InputPauseThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(OutputPauseThreshold, OutputResumeThreshold, nameof(OutputPauseThreshold));
    }
}
