namespace RustyNode.Network.RequestResponse;

/// <summary>Settings of a request/response behaviour. Defaults live here and only here.</summary>
public sealed class RequestResponseOptions
{
    /// <summary>
    /// Time an outbound request has from the call to the complete response, including the wait for
    /// an outbound slot, opening the stream and negotiating its protocol (RR-4.1). Default 10 s.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time an inbound request has from its stream's negotiation to our response being written:
    /// reading the request, the application's handler and writing (RR-4.2). Default 10 s.
    /// </summary>
    public TimeSpan InboundTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Inbound requests of one peer served at once; more streams are reset (RR-3.2). Default 32.</summary>
    public int MaxConcurrentInboundPerPeer { get; set; } = RequestResponseLimits.DefaultMaxConcurrentInboundPerPeer;

    /// <summary>
    /// Outbound requests to one peer in flight at once; further callers wait for a slot, and the
    /// wait counts against <see cref="RequestTimeout"/> (RR-3.3). Default 32, what a responder at its defaults serves at once (RR-3.2).
    /// </summary>
    public int MaxConcurrentOutboundPerPeer { get; set; } = RequestResponseLimits.DefaultMaxConcurrentOutboundPerPeer;

    /// <summary>Checks the settings, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero || InboundTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Request/response timeouts must be positive.");
        }

        if (MaxConcurrentInboundPerPeer < 1 || MaxConcurrentOutboundPerPeer < 1)
        {
            throw new ArgumentException("Request/response concurrency limits must be at least 1.");
        }
    }
}
