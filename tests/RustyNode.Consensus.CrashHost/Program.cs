using System.Diagnostics;
using System.Globalization;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Service;

namespace RustyNode.Consensus.CrashHost;

/// <summary>
/// Usage: <c>CrashHost dataDir blocks [faultPoint faultBlock]</c>. Builds the same deterministic
/// regtest chain every run (libsecp256k1 signatures are deterministic) and submits it block by block,
/// printing "connected H" after each. With a fault point, the process kills itself with SIGKILL when
/// the store reaches that point while connecting block number faultBlock: a crash mid-transaction.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: CrashHost dataDir blocks [faultPoint faultBlock]");
            return 2;
        }

        var blocks = int.Parse(args[1], CultureInfo.InvariantCulture);
        var faultPoint = args.Length > 3 ? args[2] : null;
        var faultBlock = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : -1;
        var generator = new ChainGenerator(ChainParameters.Regtest, seed: "crash-host");
        var chain = generator.Build(blocks, spendsPerBlock: 8);
        using var service = ChainService.Open(args[0], ChainParameters.Regtest);
        var current = 0;
        service.Chain.Store.FaultPoint = point =>
        {
            if (point == faultPoint && current == faultBlock)
            {
                Console.Out.Flush();
                Process.GetCurrentProcess().Kill();
            }
        };

        for (var i = 0; i < chain.Count; i++)
        {
            current = i + 1;
            var result = service.ProcessBlock(chain[i]);
            if (!result.IsAccepted && result.Reason != RejectReason.Duplicate)
            {
                Console.Error.WriteLine($"block {current} refused: {result}");
                return 1;
            }

            Console.WriteLine($"connected {current}");
        }

        return 0;
    }
}
