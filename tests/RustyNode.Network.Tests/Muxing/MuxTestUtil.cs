using System.Buffers;
using System.IO.Pipelines;

namespace RustyNode.Network.Tests.Muxing;

/// <summary>Helpers shared by the muxer tests: bounded waits and whole-stream reads and writes.</summary>
internal static class MuxTestUtil
{
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Reads until the remote half-closes; returns everything read.</summary>
    public static async Task<byte[]> ReadToEndAsync(PipeReader reader)
    {
        var received = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                received.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return received.WrittenSpan.ToArray();
            }
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public static async Task<byte[]> ReadExactlyAsync(PipeReader reader, int count)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.Buffer.Length >= count)
            {
                var bytes = result.Buffer.Slice(0, count).ToArray();
                reader.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }

            if (result.IsCompleted)
            {
                throw new EndOfStreamException($"Stream ended after {result.Buffer.Length} of {count} bytes.");
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Writes <paramref name="data"/> in chunks of <paramref name="chunk"/> bytes, then half-closes.</summary>
    public static async Task WriteAllAndCompleteAsync(PipeWriter writer, ReadOnlyMemory<byte> data, int chunk)
    {
        for (var offset = 0; offset < data.Length; offset += chunk)
        {
            var slice = data.Slice(offset, Math.Min(chunk, data.Length - offset));
            var result = await writer.WriteAsync(slice);
            Assert.False(result.IsCanceled);
        }

        await writer.CompleteAsync();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the timeout passes (no timing assertion).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TestTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(5);
        }
    }
}
