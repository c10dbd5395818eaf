namespace RustyNode.Node.Control;

/// <summary>A control command that cannot be carried out as given (bad field, unknown peer).</summary>
public sealed class ControlException : Exception
{
    public ControlException()
    {
    }

    public ControlException(string message)
        : base(message)
    {
    }

    public ControlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
