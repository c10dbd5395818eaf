using System.IO.Pipelines;

namespace RustyNode.Network.Protection;

/// <summary>A secured channel with a metered input and a counted output.</summary>
internal sealed class MeteredDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
