using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using RustyNode.Network;
using RustyNode.Network.Protection;
using RustyNode.Network.Protocols.Identify;
using RustyNode.Network.Swarm;

namespace RustyNode.Node.Control;

/// <summary>
/// The JSON-lines control interface (specs/network/12-control.md): one command per input line,
/// one event or result per output line. Commands run concurrently; each result echoes its id.
/// </summary>
public sealed class ControlServer
{
    /// <summary>Longest command line accepted (CTL-1.3).</summary>
    public const int MaxLineLength = 4 * 1024 * 1024;

    private readonly NodeHost _host;
    private readonly ControlCommands _commands;
    private readonly JsonLineWriter _writer;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown;
    private readonly List<Task> _running = [];

    public ControlServer(NodeHost host, ControlCommands commands, JsonLineWriter writer, ILogger logger, CancellationTokenSource shutdown)
    {
        _host = host;
        _commands = commands;
        _writer = writer;
        _logger = logger;
        _shutdown = shutdown;
    }

    /// <summary>Announces readiness, forwards swarm events, and serves commands until shutdown or end of input.</summary>
    public async Task RunAsync(Stream input, CancellationToken cancellationToken)
    {
        await _writer.WriteAsync(new JsonObject
        {
            ["type"] = "ready",
            ["peerId"] = _host.Swarm.LocalPeerId.ToString(),
            ["addrs"] = new JsonArray(_host.DialableAddresses.Select(a => (JsonNode)a.ToString()).ToArray()),
        }, cancellationToken);
        var events = ForwardEventsAsync(cancellationToken);

        // A read from stdin cannot be cancelled, so the read loop is not awaited on shutdown: the
        // node stops when the input ends or when shutdown is asked for, whichever comes first.
        var reading = ReadCommandsAsync(input, cancellationToken);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => stopped.TrySetResult()))
        {
            await Task.WhenAny(reading, stopped.Task);
        }

        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _shutdown.CancelAsync();
        await events.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ReadCommandsAsync(Stream input, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(input);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    var handling = HandleLineAsync(Encoding.UTF8.GetString(line), cancellationToken);
                    lock (_running)
                    {
                        _running.RemoveAll(t => t.IsCompleted);
                        _running.Add(handling);
                    }
                }

                if (buffer.Length > MaxLineLength)
                {
                    await ReportErrorAsync(null, $"Command line longer than {MaxLineLength} bytes; discarded.", cancellationToken);
                    buffer = buffer.Slice(buffer.End);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    private async Task HandleLineAsync(string line, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        JsonObject command;
        try
        {
            command = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("a command must be a JSON object");
        }
        catch (JsonException ex)
        {
            await ReportErrorAsync(null, $"Malformed command line: {ex.Message}", cancellationToken);
            return;
        }

        var id = command["id"]?.DeepClone();
        var type = command["type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        if (type is null || !_commands.Knows(type))
        {
            await ReportErrorAsync(id, type is null ? "Command has no \"type\"." : $"Unknown command type '{type}'.", cancellationToken);
            return;
        }

        JsonObject reply;
        try
        {
            reply = await _commands.ExecuteAsync(type, command, cancellationToken);
            reply["ok"] = true;
        }
        catch (Exception ex) when (ex is ControlException or SwarmException or Libp2pProtocolException or IOException
            or OperationCanceledException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            Log.ControlCommandFailed(_logger, ex.Message);
            reply = new JsonObject { ["ok"] = false, ["error"] = ex is OperationCanceledException ? "timed out or cancelled" : ex.Message };
        }

        reply["type"] = "result";
        if (id is not null)
        {
            reply["id"] = id;
        }

        await _writer.WriteAsync(reply, CancellationToken.None);
        if (type == "shutdown")
        {
            await _shutdown.CancelAsync();
        }
    }

    private Task ReportErrorAsync(JsonNode? id, string error, CancellationToken cancellationToken)
    {
        var message = new JsonObject { ["type"] = "error", ["error"] = error };
        if (id is not null)
        {
            message["id"] = id;
        }

        return _writer.WriteAsync(message, cancellationToken);
    }

    private async Task ForwardEventsAsync(CancellationToken cancellationToken)
    {
        await foreach (var swarmEvent in _host.Swarm.Events.ReadAllAsync(cancellationToken))
        {
            var message = _commands.DescribeEvent(swarmEvent);
            if (message is not null)
            {
                await _writer.WriteAsync(message, cancellationToken);
            }
        }
    }

    internal static string Direction(ConnectionDirection direction) =>
        direction == ConnectionDirection.Inbound ? "inbound" : "outbound";
}
