using BenchmarkDotNet.Running;

namespace RustyNode.Bench;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/RustyNode.Bench -- [harness|--filter ...]</c>.
/// With a harness name it runs that multi-process harness; otherwise BenchmarkDotNet's switcher.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && Harnesses.TryGet(args[0], out var harness))
        {
            return await harness(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
