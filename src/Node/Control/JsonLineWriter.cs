using System.Text;
using System.Text.Json.Nodes;

namespace RustyNode.Node.Control;

/// <summary>Writes one JSON object per line to the control output; safe from many tasks at once.</summary>
public sealed class JsonLineWriter : IDisposable
{
    private readonly Stream _output;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public JsonLineWriter(Stream output)
    {
        _output = output;
    }

    /// <summary>Writes <paramref name="message"/> and a newline, then flushes.</summary>
    public async Task WriteAsync(JsonObject message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString() + "\n");
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await _output.WriteAsync(bytes, cancellationToken);
            await _output.FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
