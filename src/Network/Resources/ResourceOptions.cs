namespace RustyNode.Network.Resources;

/// <summary>Settings of <see cref="ResourceManager"/> (specs/network/16-resource-limits.md). Defaults live here and only here.</summary>
public sealed class ResourceOptions
{
    /// <summary>Inbound bytes one connection's streams may hold buffered for their readers. Default 32 MiB.</summary>
    public long MaxConnectionBufferedBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Streams the remote opened that may wait, on one connection, for the node to accept them. Default 64.</summary>
    public int MaxConnectionPendingStreams { get; set; } = 64;

    /// <summary>Inbound bytes all connections together may hold buffered. Default 256 MiB.</summary>
    public long MaxNodeBufferedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Streams that may wait for acceptance on all connections together. Default 4096.</summary>
    public int MaxNodePendingStreams { get; set; } = 4096;

    /// <summary>Reputation a peer loses each time its streams are reset to bring memory back under a limit. Default 5.</summary>
    public double ShedPenalty { get; set; } = 5;

    /// <summary>Checks the settings, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (MaxConnectionBufferedBytes < ResourceLimits.MinConnectionBufferedBytes || MaxNodeBufferedBytes < MaxConnectionBufferedBytes)
        {
            throw new ArgumentException(
                $"A connection must be able to buffer at least {ResourceLimits.MinConnectionBufferedBytes} bytes, and the node at least what one connection may.");
        }

        if (MaxConnectionPendingStreams < 1 || MaxNodePendingStreams < MaxConnectionPendingStreams)
        {
            throw new ArgumentException("A connection must be able to hold at least one pending stream, and the node at least what one connection may.");
        }

        if (ShedPenalty < 0)
        {
            throw new ArgumentException("ShedPenalty must not be negative.");
        }
    }
}
