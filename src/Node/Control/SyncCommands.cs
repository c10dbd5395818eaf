using System.Text.Json.Nodes;
using RustyNode.Consensus.Service;
using RustyNode.Protocols.BlockSync;

namespace RustyNode.Node.Control;

/// <summary>Block sync's control commands (specs/protocols/01-block-sync.md, BS-8.2, BS-8.3): sync and utxoset.</summary>
public sealed class SyncCommands : IControlModule
{
    private readonly BlockSyncBehaviour _blockSync;
    private readonly ChainService _chain;

    public SyncCommands(BlockSyncBehaviour blockSync, ChainService chain)
    {
        _blockSync = blockSync;
        _chain = chain;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Types { get; } = ["sync", "utxoset"];

    /// <inheritdoc />
    public Task<JsonObject> ExecuteAsync(string type, JsonObject command, CancellationToken cancellationToken) => type switch
    {
        "sync" => Task.FromResult(Sync()),

        // A scan of the whole UTXO table: off the control loop.
        "utxoset" => Task.Run(UtxoSet, cancellationToken),
        _ => throw new ControlException($"Unknown sync command '{type}'."),
    };

    private JsonObject Sync()
    {
        var progress = _blockSync.Progress;
        return new JsonObject
        {
            ["state"] = progress.State,
            ["height"] = progress.Height,
            ["headers"] = progress.Headers,
            ["targetHeight"] = progress.TargetHeight,
            ["percent"] = Math.Round(progress.Percent, 2),
            ["headersPerSecond"] = Math.Round(progress.HeadersPerSecond, 1),
            ["blocksPerSecond"] = Math.Round(progress.BlocksPerSecond, 1),
            ["etaSeconds"] = progress.EtaSeconds is { } eta ? Math.Round(eta, 1) : null,
            ["peers"] = progress.Peers,
            ["syncPeer"] = progress.SyncPeer,
            ["inFlight"] = progress.InFlight,
            ["buffered"] = progress.Buffered,
            ["stalls"] = progress.Stalls,
            ["blocksReceived"] = progress.BlocksReceived,
            ["bytesReceived"] = progress.BytesReceived,
            ["stallTimeoutMs"] = (long)progress.StallTimeout.TotalMilliseconds,
            ["lastHeaderSync"] = progress.LastHeaderSync is { } stats
                ? new JsonObject { ["peer"] = stats.Peer, ["headers"] = stats.Headers, ["seconds"] = stats.Seconds, ["headersPerSecond"] = Math.Round(stats.HeadersPerSecond, 1) }
                : null,
        };
    }

    private JsonObject UtxoSet()
    {
        var digest = _chain.GetUtxoDigest();
        return new JsonObject { ["height"] = digest.Height, ["count"] = digest.Count, ["digest"] = digest.Digest };
    }
}
