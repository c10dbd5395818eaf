using System.Text.Json.Nodes;

namespace RustyNode.Node.Tests.Testing;

/// <summary>Starts rustynode daemons and js-libp2p peers for tests.</summary>
public static class TestNodes
{
    /// <summary>The repository root (the folder holding RustyNode.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The folder of the js-libp2p interop peer.</summary>
    public static string JsPeerDirectory => Path.Combine(RepositoryRoot, "tests", "interop", "js");

    /// <summary>
    /// Starts a rustynode daemon with the control interface on stdio. Without a --datadir among
    /// <paramref name="extraArguments"/> it gets a fresh one, deleted when the process is disposed
    /// (after it has exited); a --datadir given is the caller's to delete.
    /// </summary>
    public static Task<ControlledProcess> StartRustyNodeAsync(string name, params string[] extraArguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "rustynode.dll");
        Assert.True(File.Exists(dll), $"rustynode.dll not found beside the tests at {dll}");
        string[] arguments = [dll, "--control", "stdio", "--log-level", "Debug", .. extraArguments];
        string? dataDir = null;
        if (!extraArguments.Contains("--datadir"))
        {
            dataDir = Directory.CreateTempSubdirectory("rustynode-test-").FullName;
            arguments = [.. arguments, "--datadir", dataDir];
        }

        return ControlledProcess.StartAsync(name, "dotnet", arguments, ownedDirectory: dataDir);
    }

    /// <summary>Starts the js-libp2p peer (tests/interop/js/peer.mjs).</summary>
    public static Task<ControlledProcess> StartJsPeerAsync(string name, params string[] arguments)
    {
        var script = Path.Combine(JsPeerDirectory, "peer.mjs");
        Assert.True(
            Directory.Exists(Path.Combine(JsPeerDirectory, "node_modules")),
            $"The js-libp2p peer is not installed: run `npm ci` in {JsPeerDirectory} (scripts/test.sh does it).");
        return ControlledProcess.StartAsync(name, "node", [script, .. arguments], JsPeerDirectory);
    }

    /// <summary>A command object of the given type with fields.</summary>
    public static JsonObject Command(string type, params (string Name, JsonNode? Value)[] fields)
    {
        var command = new JsonObject { ["type"] = type };
        foreach (var (fieldName, value) in fields)
        {
            command[fieldName] = value;
        }

        return command;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RustyNode.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RustyNode.sln not found above the test binaries.");
    }
}
