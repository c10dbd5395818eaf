using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Service;
using RustyNode.Node;
using RustyNode.Node.Control;

NodeOptions options;
try
{
    options = NodeOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"rustynode: {ex.Message}");
    return 2;
}

using var loggerFactory = LoggerFactory.Create(builder =>
{
    builder.SetMinimumLevel(Enum.TryParse<LogLevel>(options.LogLevel, ignoreCase: true, out var level) ? level : LogLevel.Information);
    // Logs go to stderr: stdout belongs to the control interface.
    builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.TimestampFormat = "HH:mm:ss.fff ";
    });
});
var logger = loggerFactory.CreateLogger("rustynode");

using var shutdown = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; shutdown.Cancel(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; shutdown.Cancel(); });

var identity = IdentityStore.LoadOrCreate(options);
await using var chain = ChainService.Open(Path.Combine(options.DataDir, options.Network), ChainParameters.ForNetwork(options.Network), loggerFactory);
NodeHost created;
try
{
    created = new NodeHost(options, identity, chain, loggerFactory);
}
catch (InvalidDataException ex)
{
    // A damaged peer store (CM-4.4): say which file, and let the operator decide.
    await Console.Error.WriteLineAsync($"rustynode: {ex.Message}");
    return 2;
}

await using var host = created;
await host.StartAsync(shutdown.Token);
Log.Started(logger, host.Swarm.LocalPeerId, options.Network, options.DataDir);

if (options.Control == "stdio")
{
    using var writer = new JsonLineWriter(Console.OpenStandardOutput());
    var server = new ControlServer(host, ControlCommands.For(host), writer, logger, shutdown);
    await server.RunAsync(Console.OpenStandardInput(), shutdown.Token);
}
else
{
    foreach (var address in host.DialableAddresses)
    {
        await Console.Out.WriteLineAsync($"listening on {address}");
    }

    await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}

return 0;
