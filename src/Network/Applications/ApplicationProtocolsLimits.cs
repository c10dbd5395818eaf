namespace RustyNode.Network.Applications;

/// <summary>Hostile-peer limits of custom application protocols (APP-4).</summary>
public static class ApplicationProtocolsLimits
{
    /// <summary>Default largest message payload: 1 MiB.</summary>
    public const int DefaultMaxMessageSize = 1024 * 1024;

    /// <summary>No configuration may allow a message payload above 64 MiB.</summary>
    public const int MaxMessageSize = 64 * 1024 * 1024;

    /// <summary>Default inbound streams of one peer handled at once (all custom protocols together): 32.</summary>
    public const int DefaultMaxInboundStreamsPerPeer = 32;
}
