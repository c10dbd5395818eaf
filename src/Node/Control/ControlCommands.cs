using System.Collections.Frozen;
using System.Text.Json.Nodes;
using RustyNode.Network.Swarm;

namespace RustyNode.Node.Control;

/// <summary>
/// The control interface's commands (CTL-2): routes each command type to the module that serves
/// it, and each swarm event to the first module that describes it.
/// </summary>
public sealed class ControlCommands
{
    private readonly IReadOnlyList<IControlModule> _modules;
    private readonly FrozenDictionary<string, IControlModule> _byType;

    /// <exception cref="ArgumentException">Two modules serve one command type.</exception>
    public ControlCommands(IEnumerable<IControlModule> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        _modules = modules.ToArray();
        var byType = new Dictionary<string, IControlModule>(StringComparer.Ordinal);
        foreach (var module in _modules)
        {
            foreach (var type in module.Types)
            {
                if (!byType.TryAdd(type, module))
                {
                    throw new ArgumentException($"Two control modules serve the command '{type}'.", nameof(modules));
                }
            }
        }

        _byType = byType.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The modules of a running node: every area's commands.</summary>
    public static ControlCommands For(NodeHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new ControlCommands(
        [
            new NetworkCommands(host),
            new ChainCommands(host.Chain),
            new SyncCommands(host.BlockSync, host.Chain),
            new CompactBlockCommands(host.CompactBlocks),
            new TxRelayCommands(host.Chain, host.TxRelay, host.GossipTxRelay),
            new MasternodeCommands(host.Chain, () => host.Swarm.ListenAddresses),
            new MasternodeNetworkCommands(host.Masternodes),
            new DiscoveryCommands(host),
            new PubSubCommands(host),
        ]);
    }

    /// <summary>True when <paramref name="type"/> names a command.</summary>
    public bool Knows(string type) => _byType.ContainsKey(type);

    /// <summary>Runs one command.</summary>
    /// <exception cref="ControlException">An unknown type, or a missing or malformed field.</exception>
    public Task<JsonObject> ExecuteAsync(string type, JsonObject command, CancellationToken cancellationToken) =>
        _byType.TryGetValue(type, out var module)
            ? module.ExecuteAsync(type, command, cancellationToken)
            : throw new ControlException($"Unknown command type '{type}'.");

    /// <summary>The event line for <paramref name="swarmEvent"/>, or null when no module reports it.</summary>
    public JsonObject? DescribeEvent(SwarmEvent swarmEvent)
    {
        foreach (var module in _modules)
        {
            if (module.DescribeEvent(swarmEvent) is { } line)
            {
                return line;
            }
        }

        return null;
    }
}
