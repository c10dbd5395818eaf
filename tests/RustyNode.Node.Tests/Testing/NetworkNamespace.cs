using System.Diagnostics;

namespace RustyNode.Node.Tests.Testing;

/// <summary>
/// A network namespace made for one test: only a loopback interface, up, with a multicast route
/// through it, so multicast traffic (mDNS) never leaves it. Deleted on dispose, whatever happened.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name)
    {
        Name = name;
    }

    /// <summary>The namespace's name.</summary>
    public string Name { get; }

    /// <summary>Creates the namespace, brings up lo and routes 224.0.0.0/4 through it.</summary>
    public static async Task<NetworkNamespace> CreateAsync()
    {
        var ns = new NetworkNamespace($"rusty-test-{Environment.ProcessId}-{Guid.NewGuid():N}"[..28]);
        await RunAsync("ip", "netns", "add", ns.Name);
        try
        {
            await RunAsync("ip", "-n", ns.Name, "link", "set", "lo", "up");
            await RunAsync("ip", "-n", ns.Name, "route", "add", "224.0.0.0/4", "dev", "lo");
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }

        return ns;
    }

    /// <summary>
    /// Starts a rustynode daemon inside the namespace (control on stdio, as <see cref="TestNodes.StartRustyNodeAsync"/>)
    /// on a fresh data dir, deleted when the process is disposed (after it has exited).
    /// </summary>
    public Task<ControlledProcess> StartRustyNodeAsync(string name, params string[] extraArguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "rustynode.dll");
        var dataDir = Directory.CreateTempSubdirectory("rustynode-test-").FullName;
        string[] arguments =
        [
            "netns", "exec", Name, "dotnet", dll, "--control", "stdio", "--log-level", "Debug",
            "--datadir", dataDir, .. extraArguments,
        ];
        return ControlledProcess.StartAsync(name, "ip", arguments, ownedDirectory: dataDir);
    }

    /// <summary>Starts the js-libp2p peer inside the namespace.</summary>
    public Task<ControlledProcess> StartJsPeerAsync(string name, params string[] arguments)
    {
        var script = Path.Combine(TestNodes.JsPeerDirectory, "peer.mjs");
        return ControlledProcess.StartAsync(name, "ip", ["netns", "exec", Name, "node", script, .. arguments], TestNodes.JsPeerDirectory);
    }

    /// <summary>Deletes the namespace (its processes must be gone first).</summary>
    public async ValueTask DisposeAsync() => await RunAsync("ip", "netns", "delete", Name).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private static async Task RunAsync(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }
    }
}
