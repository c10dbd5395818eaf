namespace RustyNode.Network.RequestResponse;

/// <summary>Why an outbound request produced no response (RR-5).</summary>
public enum RequestFailure
{
    /// <summary>Not otherwise classified.</summary>
    Unspecified = 0,

    /// <summary>No response within <see cref="RequestResponseOptions.RequestTimeout"/>.</summary>
    Timeout,

    /// <summary>We have no connection to the peer.</summary>
    NotConnected,

    /// <summary>The peer answered "na" to every protocol id of the codec.</summary>
    UnsupportedProtocol,

    /// <summary>The peer reset or closed the stream without a response (its handler refused or failed).</summary>
    Refused,

    /// <summary>The connection ended before the response came.</summary>
    ConnectionClosed,

    /// <summary>The response's length prefix is over the codec's maximum response size.</summary>
    ResponseTooLarge,

    /// <summary>The response broke the codec's framing or could not be decoded.</summary>
    MalformedResponse,

    /// <summary>Our own request is over the codec's maximum request size; nothing was sent.</summary>
    RequestTooLarge,
}
