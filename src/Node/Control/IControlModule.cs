using System.Text.Json.Nodes;
using RustyNode.Network.Swarm;

namespace RustyNode.Node.Control;

/// <summary>
/// One area's part of the control interface (specs/network/12-control.md): the command types it
/// serves and, optionally, the swarm events it turns into event lines. Adding an area's commands
/// means adding a module to <see cref="ControlCommands.For"/>, not editing the server.
/// </summary>
public interface IControlModule
{
    /// <summary>The command types this module serves; no two modules share one.</summary>
    IReadOnlyCollection<string> Types { get; }

    /// <summary>Runs one command of <see cref="Types"/> and returns the result's fields (the server adds type, id and ok).</summary>
    /// <exception cref="ControlException">A missing or malformed field, or a refusal to report to the caller.</exception>
    Task<JsonObject> ExecuteAsync(string type, JsonObject command, CancellationToken cancellationToken);

    /// <summary>The event line for <paramref name="swarmEvent"/>, or null when this module does not report it.</summary>
    JsonObject? DescribeEvent(SwarmEvent swarmEvent) => null;
}
