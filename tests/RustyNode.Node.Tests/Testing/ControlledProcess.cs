using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace RustyNode.Node.Tests.Testing;

/// <summary>
/// A node process (rustynode or the js-libp2p peer) driven over the JSON-lines control protocol.
/// Commands get ids; results are matched by id; events can be awaited by predicate. Disposing
/// kills the process (and only it, by id) if it is still running, then deletes the directory it
/// was given to own (its data dir), if any.
/// </summary>
public sealed class ControlledProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = [];
    private readonly List<JsonObject> _seenEvents = [];
    private readonly System.Text.StringBuilder _stderr = new();
    private readonly Task _readLoop;
    private readonly Task _stderrLoop;
    private readonly string? _ownedDirectory;
    private int _nextId;

    private ControlledProcess(Process process, string name, string? ownedDirectory)
    {
        _process = process;
        Name = name;
        _ownedDirectory = ownedDirectory;
        _readLoop = ReadStdoutAsync();
        _stderrLoop = ReadStderrAsync();
    }

    /// <summary>A label for messages.</summary>
    public string Name { get; }

    /// <summary>The ready event's peer id.</summary>
    public string PeerId { get; private set; } = string.Empty;

    /// <summary>The ready event's dialable addresses.</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    /// <summary>The process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to stderr so far (its logs).</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> and waits for its ready event. <paramref name="ownedDirectory"/>,
    /// if given, is deleted once the process has exited: on dispose, or here if it fails to start.
    /// </summary>
    public static async Task<ControlledProcess> StartAsync(
        string name, string fileName, IEnumerable<string> arguments, string? workingDirectory = null, string? ownedDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        }
        catch
        {
            if (ownedDirectory is not null)
            {
                TempDirectory.Delete(ownedDirectory);
            }

            throw;
        }

        var controlled = new ControlledProcess(process, name, ownedDirectory);
        try
        {
            var ready = await controlled.WaitForEventAsync(e => (string?)e["type"] == "ready", TimeSpan.FromSeconds(60));
            controlled.PeerId = (string)ready["peerId"]!;
            controlled.Addresses = ready["addrs"]!.AsArray().Select(a => (string)a!).ToArray();
            return controlled;
        }
        catch
        {
            await controlled.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a command and waits for its reply: a result (ok or not), or an error event carrying its id.</summary>
    public async Task<JsonObject> SendAsync(JsonObject command, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_pending)
        {
            id = ++_nextId;
            _pending[id] = tcs;
        }

        command["id"] = id;
        await SendRawLineAsync(command.ToJsonString());
        try
        {
            return await tcs.Task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{Name}: no result for {command.ToJsonString()}. stderr:\n{Tail(StandardError)}", ex);
        }
    }

    /// <summary>Sends a command and returns its result, failing the test if it is not ok.</summary>
    public async Task<JsonObject> SendOkAsync(JsonObject command, TimeSpan? timeout = null)
    {
        var result = await SendAsync(command, timeout);
        Assert.True((bool?)result["ok"] == true, $"{Name}: {command.ToJsonString()} failed: {result.ToJsonString()}");
        return result;
    }

    /// <summary>Writes a raw line to the process's stdin.</summary>
    public async Task SendRawLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for an event (any non-result line) matching <paramref name="predicate"/>, including ones already seen.</summary>
    public async Task<JsonObject> WaitForEventAsync(Func<JsonObject, bool> predicate, TimeSpan? timeout = null)
    {
        lock (_seenEvents)
        {
            var seen = _seenEvents.FirstOrDefault(predicate);
            if (seen is not null)
            {
                return seen;
            }
        }

        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            while (await _events.Reader.WaitToReadAsync(cts.Token))
            {
                while (_events.Reader.TryRead(out var e))
                {
                    if (predicate(e))
                    {
                        return e;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new TimeoutException($"{Name}: the awaited event did not come. Events: {string.Join(" | ", SeenEvents())}\nstderr:\n{Tail(StandardError)}");
    }

    /// <summary>Every event seen so far.</summary>
    public IReadOnlyList<JsonObject> SeenEvents()
    {
        lock (_seenEvents)
        {
            return [.. _seenEvents];
        }
    }

    /// <summary>Closes the process's stdin and waits for it to exit.</summary>
    public async Task<int> CloseInputAndWaitForExitAsync(TimeSpan timeout)
    {
        _process.StandardInput.Close();
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Waits for the process to exit (after a shutdown command).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        await Task.WhenAll(_readLoop, _stderrLoop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
        if (_ownedDirectory is not null)
        {
            TempDirectory.Delete(_ownedDirectory);
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    private async Task ReadStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            JsonObject? message;
            try
            {
                message = System.Text.Json.Nodes.JsonNode.Parse(line) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                message = new JsonObject { ["type"] = "unparsable_stdout", ["line"] = line };
            }

            if (message is null)
            {
                continue;
            }

            if ((string?)message["type"] is "result" or "error" && message["id"] is JsonValue idValue && idValue.TryGetValue<int>(out var id))
            {
                TaskCompletionSource<JsonObject>? tcs;
                lock (_pending)
                {
                    _pending.Remove(id, out tcs);
                }

                tcs?.TrySetResult(message);
                continue;
            }

            lock (_seenEvents)
            {
                _seenEvents.Add(message);
            }

            await _events.Writer.WriteAsync(message);
        }

        _events.Writer.TryComplete();
    }

    private async Task ReadStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_stderr)
            {
                if (_stderr.Length < 1_000_000)
                {
                    _stderr.AppendLine(line);
                }
            }
        }
    }
}
