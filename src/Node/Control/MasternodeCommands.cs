using System.Globalization;
using System.Text.Json.Nodes;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network.Addressing;

namespace RustyNode.Node.Control;

/// <summary>
/// The masternode control commands (specs/chain/02-masternodes.md, MNL-8): the list after the tip,
/// and on regtest the helpers that register, update and revoke masternodes with the node's coins.
/// </summary>
public sealed class MasternodeCommands : IControlModule
{
    private readonly ChainService _chain;
    private readonly Func<IReadOnlyList<Multiaddr>> _listenAddresses;

    /// <param name="chain">The chain.</param>
    /// <param name="listenAddresses">The node's listen addresses; the first is the default service of new registrations.</param>
    public MasternodeCommands(ChainService chain, Func<IReadOnlyList<Multiaddr>> listenAddresses)
    {
        _chain = chain;
        _listenAddresses = listenAddresses;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Types { get; } = ["masternodes", "register_masternodes", "update_masternode", "update_masternode_registrar", "revoke_masternode"];

    /// <summary>Runs one command; the chain's work is synchronous SQLite and signing, so it runs off the control loop.</summary>
    public Task<JsonObject> ExecuteAsync(string type, JsonObject command, CancellationToken cancellationToken) => type switch
    {
        "masternodes" => Task.Run(() => Masternodes(command), cancellationToken),
        "register_masternodes" => Task.Run(() => Register(command), cancellationToken),
        "update_masternode" => Task.Run(() => Submitted(_chain.UpdateMasternodeService(Id(command), Service(ControlFields.RequiredAddress(command, "addr")))), cancellationToken),
        "update_masternode_registrar" => Task.Run(() => Submitted(_chain.UpdateMasternodeRegistrar(Id(command), ControlFields.OptionalBool(command, "newOperator", true))), cancellationToken),
        "revoke_masternode" => Task.Run(() => Submitted(_chain.RevokeMasternode(Id(command), Reason(command))), cancellationToken),
        _ => throw new ControlException($"Unknown masternode command '{type}'."),
    };

    private JsonObject Masternodes(JsonObject command)
    {
        var info = _chain.GetMasternodeInfo(ControlFields.OptionalBool(command, "entries", false));
        var result = new JsonObject
        {
            ["height"] = info.Height,
            ["activationHeight"] = info.ActivationHeight,
            ["count"] = info.Count,
            ["validCount"] = info.ValidCount,
            ["merkleRoot"] = info.MerkleRoot,
        };
        if (info.Entries is { } entries)
        {
            result["entries"] = new JsonArray([.. entries.Select(Describe)]);
        }

        return result;
    }

    private JsonObject Register(JsonObject command)
    {
        var count = ControlFields.RequiredLong(command, "count");
        var address = command["addr"] is null
            ? _listenAddresses().FirstOrDefault(a => a.TryGetIPEndPoint(out _)) ?? throw new ControlException("The node has no ip4/ip6 tcp listen address; give \"addr\".")
            : ControlFields.RequiredAddress(command, "addr");
        var result = _chain.RegisterMasternodes((int)Math.Min(count, int.MaxValue), Service(address));
        if (!result.Accepted)
        {
            throw new ControlException($"register_masternodes refused: {result.Reason}{(result.Ids.Count > 0 ? $" after {result.Ids.Count} registrations" : string.Empty)}");
        }

        return new JsonObject { ["ids"] = new JsonArray([.. result.Ids.Select(id => (JsonNode)id)]) };
    }

    private static JsonObject Submitted(ProviderTransactionResult result) =>
        result.Accepted
            ? new JsonObject { ["txid"] = result.Ids[0] }
            : throw new ControlException($"refused: {result.Reason}");

    private static JsonNode Describe(MasternodeEntry entry) => new JsonObject
    {
        ["id"] = entry.ProTxHash.ToString(),
        ["collateral"] = string.Create(CultureInfo.InvariantCulture, $"{entry.Collateral.TxId}:{entry.Collateral.Index}"),
        ["owner"] = Convert.ToHexStringLower(entry.OwnerKey),
        ["operator"] = Convert.ToHexStringLower(entry.OperatorKey),
        ["service"] = ServiceAddress.ToText(entry.Service),
        ["payout"] = Convert.ToHexStringLower(entry.PayoutScript),
        ["registeredHeight"] = entry.RegisteredHeight,
        ["revocationReason"] = entry.RevocationReason,
        ["valid"] = entry.IsValid,
    };

    private static Hash256 Id(JsonObject command)
    {
        var text = ControlFields.RequiredString(command, "proTxHash");
        return Hash256.TryParse(text, out var id) ? id : throw new ControlException($"\"{text}\" is not a masternode id (64 hex digits).");
    }

    private static ushort Reason(JsonObject command)
    {
        var reason = ControlFields.OptionalLong(command, "reason", 0);
        return reason <= MasternodeRuleLimits.MaxRevocationReason
            ? (ushort)reason
            : throw new ControlException($"Field \"reason\" must be 0 to {MasternodeRuleLimits.MaxRevocationReason}.");
    }

    private static byte[] Service(Multiaddr address)
    {
        if (!address.TryGetIPEndPoint(out var endPoint))
        {
            throw new ControlException($"\"{address}\" is not an /ip4 or /ip6 address with /tcp.");
        }

        try
        {
            return ServiceAddress.Create(endPoint!.Address, endPoint.Port);
        }
        catch (ArgumentException ex)
        {
            throw new ControlException(ex.Message);
        }
    }
}
