namespace RustyNode.Network.Protocols.Identify;

/// <summary>Settings of <see cref="IdentifyBehaviour"/>.</summary>
public sealed class IdentifyOptions
{
    /// <summary>Our agent version string. Default "rustynode/0.1.0".</summary>
    public string AgentVersion { get; set; } = "rustynode/0.1.0";

    /// <summary>Our protocol version string. Default "ipfs/0.1.0", as every libp2p node announces.</summary>
    public string ProtocolVersion { get; set; } = "ipfs/0.1.0";

    /// <summary>Identify every new connection at once. Default true.</summary>
    public bool IdentifyOnConnect { get; set; } = true;

    /// <summary>Time allowed for one identify exchange. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
