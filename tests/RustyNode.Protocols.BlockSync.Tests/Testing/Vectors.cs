using System.Buffers;
using System.Text.Json.Nodes;

namespace RustyNode.Protocols.BlockSync.Tests.Testing;

/// <summary>The vectors copied from specs/vectors into the test output.</summary>
internal static class Vectors
{
    private static readonly Lazy<JsonObject> Messages = new(() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path("block-sync/messages.json")))!);

    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "vectors", relative);

    /// <summary>Bitcoin's genesis block, raw.</summary>
    public static byte[] GenesisBlock => Convert.FromHexString(File.ReadAllText(Path("chain/bitcoin-genesis-block.hex")).Trim());

    /// <summary>An entry of messages.json.</summary>
    public static JsonObject Message(string name) => (JsonObject)Messages.Value[name]!;

    /// <summary>The payload hex of an entry as bytes.</summary>
    public static byte[] Payload(string name) => Convert.FromHexString((string)Message(name)["payload"]!);

    /// <summary>A sequence split into one-byte segments (to exercise multi-segment readers).</summary>
    public static ReadOnlySequence<byte> Fragmented(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
