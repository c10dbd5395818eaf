using System.Text.Json.Nodes;
using RustyNode.Consensus.Service;

namespace RustyNode.Node.Control;

/// <summary>The chain's control commands (CTL-4): chain, generate, mempool, submit_tx.</summary>
public sealed class ChainCommands : IControlModule
{

    private readonly ChainService _chain;

    public ChainCommands(ChainService chain)
    {
        _chain = chain;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Types { get; } = ["chain", "generate", "mempool", "submit_tx"];

    /// <summary>Runs one chain command. Chain work is synchronous SQLite work, so it runs off the control loop.</summary>
    public Task<JsonObject> ExecuteAsync(string type, JsonObject command, CancellationToken cancellationToken) => type switch
    {
        "chain" => Task.Run(Chain, cancellationToken),
        "generate" => Task.Run(() => Generate(command), cancellationToken),
        "mempool" => Task.Run(Mempool, cancellationToken),
        "submit_tx" => Task.Run(() => SubmitTransaction(command), cancellationToken),
        _ => throw new ControlException($"Unknown chain command '{type}'."),
    };

    private JsonObject Chain()
    {
        var info = _chain.GetChainInfo();
        return new JsonObject
        {
            ["network"] = info.Network,
            ["height"] = info.Height,
            ["bestHash"] = info.BestHash,
            ["chainWork"] = info.ChainWork,
            ["headers"] = info.Headers,
            ["bestHeaderHash"] = info.BestHeaderHash,
            ["medianTime"] = info.MedianTime,
        };
    }

    private JsonObject Generate(JsonObject command)
    {
        var blocks = command["blocks"] is JsonValue value && value.TryGetValue<int>(out var n)
            ? n
            : throw new ControlException("Field \"blocks\" (an integer) is required.");
        var txs = command["txs"] is null ? 0 : command["txs"] is JsonValue t && t.TryGetValue<int>(out var perBlock)
            ? perBlock
            : throw new ControlException("Field \"txs\" must be an integer.");
        var result = _chain.Generate(blocks, txs);
        if (!result.Accepted)
        {
            throw new ControlException($"generate refused: {result.Reason}");
        }

        return new JsonObject { ["hashes"] = new JsonArray(result.Hashes.Select(h => (JsonNode)h).ToArray()) };
    }

    private JsonObject Mempool()
    {
        var info = _chain.GetMempoolInfo();
        return new JsonObject
        {
            ["count"] = info.Count,
            ["bytes"] = info.Bytes,
            ["orphans"] = info.Orphans,
            ["txids"] = new JsonArray(info.TxIds.Select(t => (JsonNode)t).ToArray()),
        };
    }

    private JsonObject SubmitTransaction(JsonObject command)
    {
        var hex = command["hex"] is JsonValue value && value.TryGetValue<string>(out var h) && h.Length > 0
            ? h
            : throw new ControlException("Field \"hex\" (a hex string) is required.");
        var result = _chain.SubmitTransactionHex(hex);
        if (!result.Accepted)
        {
            throw new ControlException($"transaction rejected: {result.Reason}{(result.Detail is null ? string.Empty : $" ({result.Detail})")}");
        }

        return new JsonObject { ["txid"] = result.TxId };
    }
}
