using RustyNode.Network.Addressing;
using RustyNode.Network.RequestResponse;

namespace RustyNode.Examples.ChatApp;

/// <summary>
/// <c>dotnet run --project examples/ChatApp -- [--listen /ip4/127.0.0.1/tcp/0] [--connect &lt;multiaddr&gt;]...</c>
/// Prints the address to give to others, then sends every line typed to all connected peers
/// and prints what they send. End of input (Ctrl+D) or Ctrl+C quits.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var listen = Multiaddr.Parse("/ip4/127.0.0.1/tcp/0");
        var connect = new List<Multiaddr>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--listen":
                    listen = Multiaddr.Parse(args[i + 1]);
                    break;
                case "--connect":
                    connect.Add(Multiaddr.Parse(args[i + 1]));
                    break;
                default:
                    await Console.Error.WriteLineAsync($"unknown option {args[i]}");
                    return 2;
            }
        }

        using var quit = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            quit.Cancel();
        };

        await using var node = await ChatNode.StartAsync(listen, loggerFactory: null, quit.Token);
        Console.WriteLine($"Listening on {node.Address}");
        var printing = PrintAsync(node);
        foreach (var address in connect)
        {
            try
            {
                await node.ConnectAsync(address, quit.Token);
            }
            catch (RequestFailedException ex)
            {
                Console.WriteLine($"! {ex.Message}");
            }
        }

        await ReadInputAsync(node, quit.Token);
        await node.DisposeAsync();
        await printing;
        return 0;
    }

    private static async Task ReadInputAsync(ChatNode node, CancellationToken cancellationToken)
    {
        try
        {
            while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var delivered = await node.SayAsync(line, cancellationToken);
                Console.WriteLine($"(sent to {delivered} peer{(delivered == 1 ? "" : "s")})");
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C.
        }
    }

    private static async Task PrintAsync(ChatNode node)
    {
        await foreach (var line in node.Lines.ReadAllAsync())
        {
            var who = line.From.ToString()[^6..];
            Console.WriteLine(line.IsEvent ? $"* {who} {line.Text}" : $"{who}> {line.Text}");
        }
    }
}
