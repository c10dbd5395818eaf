using System.IO.Pipelines;

namespace RustyNode.Network.Multistream;

/// <summary>
/// One side of a negotiation over a duplex pipe: writes framed messages, batching them until the
/// next read has to wait, and reads exactly one message at a time so that whatever follows the
/// last message stays in the reader for the next protocol (MSS-2.4).
/// </summary>
internal sealed class MultistreamChannel
{
    private readonly IDuplexPipe _pipe;
    private bool _unflushed;

    public MultistreamChannel(IDuplexPipe pipe)
    {
        _pipe = pipe;
    }

    /// <summary>Queues one message; it goes out with the next flush.</summary>
    public void Write(string text)
    {
        MultistreamCodec.Write(_pipe.Output, text);
        _unflushed = true;
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (!_unflushed)
        {
            return;
        }

        _unflushed = false;
        await _pipe.Output.FlushAsync(ct);
    }

    /// <summary>
    /// Reads the next message. Queued messages are flushed only when no complete message is
    /// already buffered, so answers to pipelined proposals leave in one write.
    /// </summary>
    /// <param name="known">Strings returned as-is (no allocation) when the message equals one.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="EndOfStreamException">The peer closed its side before a complete message.</exception>
    public async ValueTask<string> ReadAsync(string[] known, CancellationToken ct)
    {
        var reader = _pipe.Input;
        if (reader.TryRead(out var buffered) && TryTake(reader, buffered, known, out var text))
        {
            return text;
        }

        while (true)
        {
            await FlushAsync(ct);
            var result = await reader.ReadAsync(ct);
            if (TryTake(reader, result, known, out text))
            {
                return text;
            }
        }
    }

    private static bool TryTake(PipeReader reader, ReadResult result, string[] known, out string text)
    {
        var buffer = result.Buffer;
        var consumed = buffer.Start;
        var examined = buffer.End;
        try
        {
            if (MultistreamCodec.TryRead(ref buffer, out text, known))
            {
                // Consume exactly this message and mark nothing beyond it as examined, so the
                // next reader of this pipe sees the following bytes at once.
                consumed = buffer.Start;
                examined = buffer.Start;
                return true;
            }

            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The multistream read was cancelled.");
            }

            if (result.IsCompleted)
            {
                throw new EndOfStreamException(buffer.IsEmpty
                    ? "The peer closed the stream during multistream negotiation."
                    : "The peer closed the stream inside a multistream message.");
            }

            return false;
        }
        finally
        {
            reader.AdvanceTo(consumed, examined);
        }
    }
}
