using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RustyNode.Bench.Harness;

/// <summary>
/// A node process (rustynode or the js-libp2p peer) driven over the JSON-lines control protocol,
/// for the multi-process harnesses. Killed by id on dispose.
/// </summary>
public sealed class JsonLinePeer : IAsyncDisposable
{
    private readonly Process _process;
    private int _nextId;

    /// <summary>A data dir this peer made for itself (none when the caller passed --datadir); deleted on dispose.</summary>
    private string? _ownDataDir;

    private JsonLinePeer(Process process, string peerId, string address)
    {
        _process = process;
        PeerId = peerId;
        Address = address;
    }

    public string PeerId { get; }

    public string Address { get; }

    /// <summary>The process id (to read its memory from /proc).</summary>
    public int ProcessId => _process.Id;

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// Starts the daemon with <paramref name="args"/>; without a --datadir among them it gets a fresh
    /// one, deleted on dispose. (Every start once made one, unused when the caller named its own and
    /// never deleted: a day of bench runs left 899 in /tmp.)
    /// </summary>
    public static async Task<JsonLinePeer> StartRustyNodeAsync(params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var ownDataDir = args.Contains("--datadir") ? null : Directory.CreateTempSubdirectory("rustynode-bench-").FullName;
        string[] dataDir = ownDataDir is null ? [] : ["--datadir", ownDataDir];
        try
        {
            var peer = await StartAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "rustynode.dll"), "--control", "stdio", "--log-level", "Warning", .. dataDir, .. args], null);
            peer._ownDataDir = ownDataDir;
            return peer;
        }
        catch
        {
            if (ownDataDir is not null)
            {
                Directory.Delete(ownDataDir, recursive: true);
            }

            throw;
        }
    }

    public static Task<JsonLinePeer> StartJsPeerAsync(params string[] args)
    {
        var dir = Path.Combine(RepositoryRoot, "tests", "interop", "js");
        if (!Directory.Exists(Path.Combine(dir, "node_modules")))
        {
            throw new InvalidOperationException($"Run `npm ci` in {dir} first.");
        }

        return StartAsync("node", [Path.Combine(dir, "peer.mjs"), .. args], dir);
    }

    /// <summary>Polls the `mesh` command until <paramref name="peer"/> is in this node's mesh of <paramref name="topic"/> (at most 30 s).</summary>
    public async Task WaitForMeshAsync(string topic, string peer)
    {
        for (var i = 0; i < 300; i++)
        {
            var mesh = await SendAsync(new JsonObject { ["type"] = "mesh", ["topic"] = topic }, TimeSpan.FromSeconds(30));
            if (mesh["mesh"]!.AsArray().Any(p => (string?)p == peer))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"{peer} never joined the mesh of {topic}.");
    }

    /// <summary>Sends a command and reads lines until its result; events in between are skipped.</summary>
    public async Task<JsonObject> SendAsync(JsonObject command, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = ++_nextId;
        command["id"] = id;
        await _process.StandardInput.WriteLineAsync(command.ToJsonString());
        await _process.StandardInput.FlushAsync();
        using var cts = new CancellationTokenSource(timeout);
        while (await _process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            if (JsonNode.Parse(line) is JsonObject reply && (string?)reply["type"] is "result" or "error" && (int?)reply["id"] == id)
            {
                return (bool?)reply["ok"] == true ? reply : throw new InvalidOperationException($"{command.ToJsonString()} failed: {reply.ToJsonString()}");
            }
        }

        throw new InvalidOperationException("The peer exited before answering.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
        if (_ownDataDir is not null)
        {
            Directory.Delete(_ownDataDir, recursive: true);
            _ownDataDir = null;
        }
    }

    private static async Task<JsonLinePeer> StartAsync(string file, string[] args, string? workingDirectory)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            if (JsonNode.Parse(line) is JsonObject ready && (string?)ready["type"] == "ready")
            {
                return new JsonLinePeer(process, (string)ready["peerId"]!, (string)ready["addrs"]![0]!);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"{file} exited before it was ready.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RustyNode.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RustyNode.sln not found above the benchmark binaries.");
    }
}
