using System.Diagnostics;
using System.Globalization;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Service;

namespace RustyNode.Consensus.CrashHost;

/// <summary>
/// Usage: <c>CrashHost dataDir blocks [faultPoint faultBlock [reorg|straight [occurrence]]]</c>. Builds the same
/// deterministic regtest chain every run (libsecp256k1 signatures are deterministic) and submits it
/// block by block, printing "connected N" after each. With a fault point, the process kills itself
/// with SIGKILL the occurrence-th time the store reaches that point while processing submission number
/// faultBlock: a crash mid-transaction. From block 104 on (the first its wallet can fund) every block also registers masternodes, so the list and
/// its undo data are written in the same transactions. With "reorg", a heavier branch forking 5 blocks below the tip
/// follows the chain, so its submission disconnects blocks.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: CrashHost dataDir blocks [faultPoint faultBlock [reorg|straight [occurrence]]]");
            return 2;
        }

        var blocks = int.Parse(args[1], CultureInfo.InvariantCulture);
        var faultPoint = args.Length > 3 ? args[2] : null;
        var faultBlock = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : -1;
        var occurrence = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 1;
        var seen = 0;
        // libsecp256k1 signs deterministically (RFC 6979), so every run builds the same blocks.
        var generator = new ChainGenerator(ChainParameters.Regtest, RustyNode.Consensus.Crypto.Secp256k1.Native ?? RustyNode.Consensus.Crypto.Secp256k1.Managed, "crash-host");
        var chain = args.Length > 4 && args[4] == "reorg" ? BuildWithReorg(generator, blocks) : generator.Build(blocks, spendsPerBlock: 8, registrationsPerBlock: 3);
        using var service = ChainService.Open(args[0], ChainParameters.Regtest);
        var current = 0;
        service.Chain.Store.FaultPoint = point =>
        {
            if (point == faultPoint && current == faultBlock && ++seen == occurrence)
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

    private static List<RustyNode.Consensus.Model.Block> BuildWithReorg(ChainGenerator generator, int blocks)
    {
        var result = generator.Build(blocks - 5, spendsPerBlock: 8, registrationsPerBlock: 3).ToList();
        var fork = generator.Clone();
        result.AddRange(generator.Build(5, spendsPerBlock: 8, registrationsPerBlock: 3));
        result.AddRange(fork.Build(8, spendsPerBlock: 3, registrationsPerBlock: 2));
        return result;
    }
}
