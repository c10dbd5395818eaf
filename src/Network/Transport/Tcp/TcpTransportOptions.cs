namespace RustyNode.Network.Transport.Tcp;

/// <summary>Settings of the TCP transport; defaults are tuned for loopback and LAN throughput.</summary>
public sealed class TcpTransportOptions
{
    /// <summary>How long a dial may take per resolved address. Default 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long <see cref="TcpConnection.DisposeAsync"/> lets already written data drain before it
    /// aborts the connection. Default 5 seconds.
    /// </summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Disables Nagle's algorithm (TCP_NODELAY). Default true.</summary>
    public bool NoDelay { get; init; } = true;

    /// <summary>
    /// Size hint of each receive buffer taken from the input pipe. Default 128 KiB: large enough
    /// that most 64 KiB Noise frames arrive in one buffer and are decrypted without a copy.
    /// </summary>
    public int ReceiveBufferSize { get; init; } = 128 * 1024;

    /// <summary>
    /// Wait for data with a zero-byte receive before taking a receive buffer, so idle connections
    /// hold no buffer (as Kestrel does). Costs one extra system call per receive. Default true.
    /// </summary>
    public bool WaitForDataBeforeAllocatingBuffer { get; init; } = true;

    /// <summary>Unread received bytes at which the receive loop stops reading the socket. Default 1 MiB.</summary>
    public long InputPauseThreshold { get; init; } = 1024 * 1024;

    /// <summary>Unread received bytes at which the receive loop resumes. Default 512 KiB.</summary>
    public long InputResumeThreshold { get; init; } = 512 * 1024;

    /// <summary>
    /// Smallest buffer the output pipe hands the application. Large enough that small writes
    /// share a buffer; with the 4 KiB pipe default, a megabyte of unsent small frames is hundreds
    /// of pooled arrays, more than the shared pool keeps, and every one becomes garbage.
    /// Default 64 KiB.
    /// </summary>
    public int OutputSegmentSize { get; init; } = 64 * 1024;

    /// <summary>Unsent bytes at which the application's flush waits. Default 1 MiB.</summary>
    public long OutputPauseThreshold { get; init; } = 1024 * 1024;

    /// <summary>Unsent bytes at which a waiting flush resumes. Default 512 KiB.</summary>
    public long OutputResumeThreshold { get; init; } = 512 * 1024;

    /// <summary>SO_RCVBUF in bytes; null keeps the operating system's (auto-tuned) default. Default null.</summary>
    public int? SocketReceiveBufferSize { get; init; }

    /// <summary>SO_SNDBUF in bytes; null keeps the operating system's (auto-tuned) default. Default null.</summary>
    public int? SocketSendBufferSize { get; init; }

    /// <summary>Clock for the connect and close timeouts (tests inject a fake one). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Listen backlog. Default 512.</summary>
    public int ListenBacklog { get; init; } = 512;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(CloseTimeout, TimeSpan.Zero, nameof(CloseTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveBufferSize, 1024, nameof(ReceiveBufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(OutputSegmentSize, 1024, nameof(OutputSegmentSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(InputPauseThreshold, InputResumeThreshold, nameof(InputPauseThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(OutputPauseThreshold, OutputResumeThreshold, nameof(OutputPauseThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThan(ListenBacklog, 1, nameof(ListenBacklog));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
