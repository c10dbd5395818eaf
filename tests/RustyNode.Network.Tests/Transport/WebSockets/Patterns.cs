using System.IO.Pipelines;

namespace RustyNode.Network.Tests.Transport.WebSockets;

/// <summary>Writes and checks a seeded byte pattern through pipes in uneven pieces.</summary>
internal static class Patterns
{
    /// <summary>Writes <paramref name="total"/> pattern bytes; the output is left open (WebSocket has no half-close).</summary>
    public static async Task SendAsync(PipeWriter output, int total, int seed)
    {
        var random = new Random(seed);
        var sent = 0;
        while (sent < total)
        {
            var size = Math.Min(total - sent, 1 + random.Next(200_000));
            var span = output.GetSpan(size)[..size];
            for (var i = 0; i < size; i++)
            {
                span[i] = Expected(sent + i, seed);
            }

            output.Advance(size);
            sent += size;
            await output.FlushAsync();
        }
    }

    /// <summary>Reads exactly <paramref name="total"/> bytes and checks each against the pattern.</summary>
    public static async Task VerifyAsync(PipeReader input, int total, int seed)
    {
        var received = 0;
        while (received < total)
        {
            var result = await input.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                var span = segment.Span;
                for (var i = 0; i < span.Length; i++)
                {
                    if (span[i] != Expected(received + i, seed))
                    {
                        Assert.Fail($"Byte {received + i} differs.");
                    }
                }

                received += span.Length;
            }

            input.AdvanceTo(result.Buffer.End);
            Assert.False(result.IsCompleted && received < total, $"The input ended after {received} of {total} bytes.");
        }

        Assert.Equal(total, received);
    }

    private static byte Expected(int position, int seed) => (byte)((position * seed) + (position >> 16));
}
