using System.Text.Json.Nodes;
using RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

namespace RustyNode.Node.Control;

/// <summary>Compact block relay's control command (specs/protocols/03-compact-blocks.md, CB-7.1): compact_blocks.</summary>
public sealed class CompactBlockCommands(CompactBlocksBehaviour compactBlocks) : IControlModule
{
    private readonly CompactBlocksBehaviour _compactBlocks = compactBlocks ?? throw new ArgumentNullException(nameof(compactBlocks));

    /// <inheritdoc />
    public IReadOnlyCollection<string> Types { get; } = ["compact_blocks"];

    /// <inheritdoc />
    public Task<JsonObject> ExecuteAsync(string type, JsonObject command, CancellationToken cancellationToken)
    {
        if (type != "compact_blocks")
        {
            throw new ControlException($"Unknown compact-blocks command '{type}'.");
        }

        var stats = _compactBlocks.Stats;
        return Task.FromResult(new JsonObject
        {
            ["received"] = stats.Received,
            ["reconstructedWithoutRoundTrip"] = stats.ReconstructedWithoutRoundTrip,
            ["getBlockTxsSent"] = stats.GetBlockTxsSent,
            ["fullBlockFallbacks"] = stats.FullBlockFallbacks,
            ["highBandwidthPeers"] = new JsonArray([.. stats.HighBandwidthPeers.Select(p => (JsonNode)JsonValue.Create(p))]),
            ["bytesReceived"] = stats.BytesReceived,
            ["bytesFullEquivalent"] = stats.BytesFullEquivalent,
            ["peers"] = stats.Peers,
            ["highBandwidthTo"] = stats.HighBandwidthTo,
            ["pushed"] = stats.Pushed,
        });
    }
}
