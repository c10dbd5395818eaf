using System.Diagnostics;
using System.Globalization;
using RustyNode.Bench.Protocols.BlockSync;
using RustyNode.Consensus.Model;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;
using RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;

namespace RustyNode.Bench.Harness;

/// <summary>
/// `compact-blocks`: bytes a compact block costs against the full block at mempool overlap
/// 100/95/50% (CompactBlock payload, plus GetBlockTxs and BlockTxs payloads when a round trip is
/// needed), and the time to rebuild against the time to deserialize the full block, median of
/// repeated runs in the same process. Arguments: [transactions per block, default 2000].
/// </summary>
public static class CompactBlockHarness
{
    public static Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
        var block = CompactBlockWorkload.Block(count);
        var full = block.ToBytes();
        Console.WriteLine($"block: {count:N0} transactions, {full.Length:N0} bytes");
        Console.WriteLine("overlap | compact | getblocktxs | blocktxs | total | % of full | saved");
        foreach (var overlap in new[] { 100, 95, 50 })
        {
            var compact = CompactBlockFactory.Create(block);
            var compactBytes = CompactMessageCodec.GetSize(compact);
            var partial = PartialBlock.Create(compact);
            var status = partial.Fill(CompactBlockWorkload.Mempool(block, overlap), []);
            var request = 0;
            var answer = 0;
            if (status == ReconstructionStatus.NeedTransactions)
            {
                var get = new GetBlockTxs(block.Hash, partial.MissingIndexes);
                var txs = CompactBlockFactory.Answer(block, get)!;
                request = CompactMessageCodec.GetSize(get);
                answer = CompactMessageCodec.GetSize(txs);
                status = partial.Complete(txs);
            }

            if (status != ReconstructionStatus.Complete || partial.Block!.Hash != block.Hash)
            {
                Console.WriteLine($"{overlap}%: the block did not rebuild ({status})");
                return Task.FromResult(1);
            }

            var total = compactBytes + request + answer;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{overlap,6}% | {compactBytes,7:N0} | {request,11:N0} | {answer,8:N0} | {total,9:N0} | {100.0 * total / full.Length,8:0.00}% | {full.Length - total:N0}"));
        }

        var mempool = CompactBlockWorkload.Mempool(block, 100);
        var compactPayload = CompactMessageCodec.GetSize(CompactBlockFactory.Create(block, 1));
        var writer = new System.Buffers.ArrayBufferWriter<byte>(compactPayload);
        CompactMessageCodec.Write(CompactBlockFactory.Create(block, 1), writer);
        var payload = writer.WrittenMemory;
        double Deserialize() => Time(() => Block.FromBytes(full));
        double Rebuild() => Time(() =>
        {
            var partial = PartialBlock.Create((CompactBlock)CompactMessageCodec.Read(new System.Buffers.ReadOnlySequence<byte>(payload)));
            partial.Fill(mempool, []);
        });
        var ratios = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var d = Deserialize();
            var r = Rebuild();
            ratios.Add(r / d);
        }

        ratios.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rebuild / deserialize (median of 21 interleaved pairs): {ratios[10]:0.00}x (goal <= 1.5x)"));
        return Task.FromResult(0);
    }

    private static double Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
