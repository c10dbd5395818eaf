namespace RustyNode.Network.Applications;

/// <summary>Settings of <see cref="ApplicationProtocols"/>. Defaults live here and only here.</summary>
public sealed class ApplicationProtocolsOptions
{
    /// <summary>Largest message payload sent or accepted, in bytes (APP-4.1). Default 1 MiB.</summary>
    public int MaxMessageSize { get; set; } = ApplicationProtocolsLimits.DefaultMaxMessageSize;

    /// <summary>Inbound streams of one peer handled at once; more are reset (APP-4.2). Default 32.</summary>
    public int MaxInboundStreamsPerPeer { get; set; } = ApplicationProtocolsLimits.DefaultMaxInboundStreamsPerPeer;

    /// <summary>
    /// Longest wait for the next message (or the end) on an inbound stream before it is reset
    /// (APP-4.3). Default 60 s.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time one send has to open its stream and deliver its message (APP-2.3). Default 10 s.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the settings, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (MaxMessageSize < 1 || MaxMessageSize > ApplicationProtocolsLimits.MaxMessageSize)
        {
            throw new ArgumentException($"MaxMessageSize must be between 1 and {ApplicationProtocolsLimits.MaxMessageSize}.");
        }

        if (MaxInboundStreamsPerPeer < 1)
        {
            throw new ArgumentException("MaxInboundStreamsPerPeer must be at least 1.");
        }

        if (StreamIdleTimeout <= TimeSpan.Zero || SendTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Timeouts must be positive.");
        }
    }
}
