using System.Text.Json.Nodes;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.Masternode;
using RustyNode.Protocols.Masternode.Liveness;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Sync;

namespace RustyNode.Node.Control;

/// <summary>
/// The masternode network's control commands (specs/protocols/04-masternode.md, MN-11): what list sync
/// did, publishing an operator update, and a masternode's PoSe standing in the node's view.
/// </summary>
public sealed class MasternodeNetworkCommands : IControlModule
{
    private readonly MasternodeBehaviour _masternodes;

    /// <param name="masternodes">The node's masternode behaviour.</param>
    public MasternodeNetworkCommands(MasternodeBehaviour masternodes)
    {
        _masternodes = masternodes;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Types { get; } = ["masternode_sync", "masternode_update", "masternode_pose"];

    /// <inheritdoc />
    public Task<JsonObject> ExecuteAsync(string type, JsonObject command, CancellationToken cancellationToken) => type switch
    {
        "masternode_sync" => Task.FromResult(Sync()),
        "masternode_update" => UpdateAsync(command, cancellationToken),
        "masternode_pose" => Task.FromResult(PoSe(command)),
        _ => throw new ControlException($"Unknown masternode command '{type}'."),
    };

    private JsonObject Sync()
    {
        var stats = _masternodes.SyncStats;
        return new JsonObject
        {
            ["height"] = stats.View.Height,
            ["block"] = stats.View.BlockHash.ToString(),
            ["source"] = stats.View.Source.ToString().ToLowerInvariant(),
            ["count"] = stats.View.List.Count,
            ["merkleRoot"] = stats.View.List.Root.ToString(),
            ["fullSyncs"] = stats.FullSyncs,
            ["diffSyncs"] = stats.DiffSyncs,
            ["refused"] = stats.Refused,
            ["crossChecks"] = stats.CrossChecks,
            ["crossCheckMismatches"] = stats.CrossCheckMismatches,
            ["poseBanned"] = _masternodes.PoSe.BannedCount,
            ["lastFull"] = Describe(stats.LastFull),
            ["lastDiff"] = Describe(stats.LastDiff),
        };
    }

    private async Task<JsonObject> UpdateAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var id = Id(command);
        var status = ControlFields.OptionalString(command, "status") switch
        {
            null or "serving" => MasternodeStatus.Serving,
            "leaving" => MasternodeStatus.Leaving,
            var other => throw new ControlException($"\"{other}\" is not a masternode status (serving, leaving)."),
        };
        try
        {
            var published = await _masternodes.PublishUpdateAsync(id, status, cancellationToken)
                ?? throw new ControlException($"The node does not hold the current operator key of {id}.");
            return new JsonObject { ["peers"] = published.Published.Peers, ["timestamp"] = published.Update.Timestamp };
        }
        catch (InvalidOperationException ex)
        {
            throw new ControlException($"masternode_update refused: {ex.Message}");
        }
    }

    private JsonObject PoSe(JsonObject command)
    {
        var standing = _masternodes.PoSe.Get(Id(command));
        var counters = _masternodes.PoSeCounters;
        var challenges = new JsonObject();
        foreach (var outcome in Enum.GetValues<PoSeOutcome>())
        {
            challenges[outcome.ToString()] = counters[outcome];
        }

        return new JsonObject { ["penalty"] = standing.Penalty, ["banned"] = standing.Banned, ["challenges"] = challenges };
    }

    private static JsonObject? Describe(MasternodeSyncRecord? record) => record is null
        ? null
        : new JsonObject
        {
            ["height"] = record.Height,
            ["block"] = record.Block.ToString(),
            ["peer"] = record.Peer.ToString(),
            ["bytes"] = record.Bytes,
            ["entries"] = record.Entries,
            ["changes"] = record.Changes,
            ["milliseconds"] = Math.Round(record.Duration.TotalMilliseconds, 1),
        };

    private static Hash256 Id(JsonObject command)
    {
        var text = ControlFields.RequiredString(command, "proTxHash");
        return Hash256.TryParse(text, out var id) ? id : throw new ControlException($"\"{text}\" is not a masternode id (64 hex digits).");
    }
}
