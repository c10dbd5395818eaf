namespace RustyNode.Network.RequestResponse;

/// <summary>Hostile-peer limits of request/response (specs/network/13-request-response.md, RR-3).</summary>
public static class RequestResponseLimits
{
    /// <summary>Default largest request payload a codec accepts (RR-3.1): 1 MiB.</summary>
    public const int DefaultMaxRequestSize = 1024 * 1024;

    /// <summary>Default largest response payload a codec accepts (RR-3.1): 10 MiB.</summary>
    public const int DefaultMaxResponseSize = 10 * 1024 * 1024;

    /// <summary>No codec may accept a payload larger than this (RR-3.1): 64 MiB.</summary>
    public const int MaxMessageSize = 64 * 1024 * 1024;

    /// <summary>Default concurrent inbound requests per peer; further streams are reset (RR-3.2).</summary>
    public const int DefaultMaxConcurrentInboundPerPeer = 32;

    /// <summary>Default concurrent outbound requests per peer; further callers wait (RR-3.3).</summary>
    public const int DefaultMaxConcurrentOutboundPerPeer = 32;
}
