using System.IO.Pipelines;

namespace RustyNode.Network.Transport.Memory;

/// <summary>
/// An in-process connection: two duplex pipes whose outputs feed each other's inputs. Used by
/// tests and benchmarks to run protocols without sockets, and by anything that wants a loopback
/// connection inside one process.
/// </summary>
public sealed class MemoryDuplexPipe : IDuplexPipe
{
    private MemoryDuplexPipe(PipeReader input, PipeWriter output)
    {
        Input = input;
        Output = output;
    }

    /// <inheritdoc />
    public PipeReader Input { get; }

    /// <inheritdoc />
    public PipeWriter Output { get; }

    /// <summary>Creates the two ends of a connection.</summary>
    /// <param name="options">Pipe options for both directions (thresholds give backpressure).</param>
    public static (MemoryDuplexPipe Left, MemoryDuplexPipe Right) CreatePair(PipeOptions? options = null)
    {
        options ??= new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false);
        var leftToRight = new Pipe(options);
        var rightToLeft = new Pipe(options);
        return (new MemoryDuplexPipe(rightToLeft.Reader, leftToRight.Writer),
                new MemoryDuplexPipe(leftToRight.Reader, rightToLeft.Writer));
    }
}
