namespace RustyNode.Network.Swarm;

/// <summary>A swarm operation could not be carried out (not connected, dial failed, no common protocol).</summary>
public sealed class SwarmException : Exception
{
    public SwarmException()
    {
    }

    public SwarmException(string message)
        : base(message)
    {
    }

    public SwarmException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
