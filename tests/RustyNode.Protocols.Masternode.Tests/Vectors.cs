using System.Text.Json.Nodes;

namespace RustyNode.Protocols.Masternode.Tests;

/// <summary>specs/vectors/protocols/masternode.json, copied beside the tests.</summary>
internal static class Vectors
{
    public static JsonObject Masternode { get; } = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "protocols", "masternode.json")))!.AsObject();

    public static byte[] Hex(string name) => Convert.FromHexString((string)Masternode[name]!);
}
