using System.Diagnostics;
using System.Threading.Channels;

namespace RustyNode.Examples.ChatApp.Tests;

/// <summary>The console application itself: two processes on 127.0.0.1 chat through stdin and stdout.</summary>
public class ChatProcessTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Clause", "APP-2.4")]
    public async Task Two_chat_processes_exchange_a_line()
    {
        await using var alice = ChatProcess.Start("--listen", "/ip4/127.0.0.1/tcp/0");
        var listening = await alice.WaitForLineAsync(l => l.StartsWith("Listening on ", StringComparison.Ordinal), Bound);
        var address = listening["Listening on ".Length..];

        await using var bob = ChatProcess.Start("--connect", address);
        await bob.WaitForLineAsync(l => l.Contains(" connected", StringComparison.Ordinal), Bound);
        await alice.WaitForLineAsync(l => l.Contains(" connected", StringComparison.Ordinal), Bound);

        await bob.SendLineAsync("hello from bob");
        await bob.WaitForLineAsync(l => l == "(sent to 1 peer)", Bound);
        var received = await alice.WaitForLineAsync(l => l.EndsWith("> hello from bob", StringComparison.Ordinal), Bound);

        Assert.EndsWith("> hello from bob", received, StringComparison.Ordinal);
        Assert.Equal(0, await bob.QuitAsync(Bound));
        Assert.Equal(0, await alice.QuitAsync(Bound));
    }

    private sealed class ChatProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        private ChatProcess(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    _lines.Writer.TryComplete();
                }
                else
                {
                    _lines.Writer.TryWrite(e.Data);
                }
            };
            process.BeginOutputReadLine();
        }

        public static ChatProcess Start(params string[] args)
        {
            var app = Path.Combine(AppContext.BaseDirectory, "ChatApp.dll");
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(app);
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            return new ChatProcess(Process.Start(info) ?? throw new InvalidOperationException("The chat process did not start."));
        }

        public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(deadline.Token);
                if (match(line))
                {
                    return line;
                }
            }
        }

        public async Task SendLineAsync(string line)
        {
            await _process.StandardInput.WriteLineAsync(line);
            await _process.StandardInput.FlushAsync();
        }

        public async Task<int> QuitAsync(TimeSpan timeout)
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
