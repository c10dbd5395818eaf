using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Sync;

namespace RustyNode.Bench.Harness;

/// <summary>
/// `masternodes`: node A (in process, SQLite in a temp dir) registers N masternodes (default
/// 10,000) in blocks of 1,000, then changes 1% of them in one block. Node B holds the headers only.
/// Measured over the codec, without sockets (the network path is phase 2):
/// (1) full list sync to B: chunks built by A, encoded, decoded and verified by B; bytes against the
/// entries' own bytes, time against raw SHA-256 of the same bytes (the hashing a verifier cannot skip);
/// (2) diff bytes for a 1% change (service updates, revocations and spent collaterals) against the
/// changed entries' own bytes. Then (3) the same two syncs over the real protocol (MasternodeSyncHarness.Network.cs).
/// Arguments: [N, default 10000].
/// </summary>
public static partial class MasternodeSyncHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var root = Path.Combine(Path.GetTempPath(), "rustynode-mn-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var a = ChainService.Open(Path.Combine(root, "a"), ChainParameters.Regtest);
            using var b = ChainService.Open(Path.Combine(root, "b"), ChainParameters.Regtest);
            var generator = new ChainGenerator(ChainParameters.Regtest, Secp256k1.Native ?? Secp256k1.Managed, "mn-bench");
            var started = Stopwatch.GetTimestamp();
            var registered = Build(a, generator, count);
            Console.WriteLine($"built a chain with {count:N0} masternodes in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (height {generator.Height})");
            // Split a few coins so that every provider transaction of the change has its own funding.
            Submit(a, generator, generator.AddBlock(generator.TakeSpends(Math.Max(1, count / 1_000), outputsPerSpend: 20)));
            var before = generator.Height;
            Submit(a, generator, generator.AddBlock(OnePercentChange(generator, registered)));
            Submit(a, generator, generator.AddBlock([]));
            b.ProcessHeaders([.. generator.Blocks.Select(x => x.Header)]);

            MeasureFullSync(a, b, a.GetActiveHeader(before)!.Hash);
            MeasureDiff(a, b, a.GetActiveHeader(before)!.Hash, a.GetActiveHeader(before + 1)!.Hash);
            await MeasureNetworkAsync(a, [.. generator.Blocks.Select(x => x.Header)], before, root);
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static List<(Transaction Tx, MasternodeKeys Keys)> Build(ChainService a, ChainGenerator generator, int count)
    {
        for (var i = 0; i < 110; i++)
        {
            Submit(a, generator, generator.AddBlock([]));
        }

        var registered = new List<(Transaction, MasternodeKeys)>(count);
        for (var done = 0; done < count; done += 1_000)
        {
            var batch = generator.CreateRegistrations(Math.Min(1_000, count - done));
            registered.AddRange(batch);
            Submit(a, generator, generator.AddBlock([.. batch.Select(r => r.Tx)]));
        }

        return registered;
    }

    /// <summary>1% of the masternodes change: half move their service, a quarter are revoked, a quarter lose their collateral.</summary>
    private static List<Transaction> OnePercentChange(ChainGenerator generator, List<(Transaction Tx, MasternodeKeys Keys)> registered)
    {
        var changes = new List<Transaction>();
        var changed = registered.Count / 100;
        for (var i = 0; i < changed; i++)
        {
            var (tx, keys) = registered[i * 97 % registered.Count];
            changes.Add((i % 4) switch
            {
                0 or 1 => generator.CreateFundedTransaction((coin, fee, change) => ProviderTransactionBuilder.UpdateService(coin, fee, tx.TxId, ServiceAddress.Create(IPAddress.Parse("172.16.0.1"), 10_000 + i), keys.Operator, change)),
                2 => generator.CreateFundedTransaction((coin, fee, change) => ProviderTransactionBuilder.Revoke(coin, fee, tx.TxId, 1, keys.Operator, change)),
                _ => TransactionSigner.Sign(new Transaction(1, [new TxIn(new OutPoint(tx.TxId, 0), [])], [new TxOut(tx.Outputs[0].Value - 10_000, keys.Owner.ScriptPubKey)], 0), [new Coin(tx.Outputs[0], 0, false)], [keys.Owner]),
            });
        }

        return changes;
    }

    private static void MeasureFullSync(ChainService a, ChainService b, Hash256 block)
    {
        var snapshot = a.GetMasternodeListAt(block)!;
        b.TryGetHeader(block, out var header, out var height, out _);
        var entryBytes = snapshot.Entries.Sum(e => (long)e.Size);
        var samples = new List<double>();
        long wire = 0;
        for (var round = 0; round < 5; round++)
        {
            var started = Stopwatch.GetTimestamp();
            var assembler = new MasternodeListAssembler(header, height);
            wire = 0;
            while (!assembler.IsComplete)
            {
                var bytes = Encode(MasternodeSyncMessages.Chunk(snapshot, assembler.NextChunk)!);
                wire += bytes.Length;
                var verdict = assembler.Add((MasternodeListResponse)MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(bytes)));
                if (!verdict.IsOk)
                {
                    throw new InvalidOperationException(verdict.ToString());
                }
            }

            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        samples.Sort();
        var all = snapshot.Entries.Select(e => e.ToBytes()).ToArray();
        var hashMs = Median(() =>
        {
            foreach (var entry in all)
            {
                SHA256.HashData(SHA256.HashData(entry));
            }
        });
        Console.WriteLine($"full list of {snapshot.Entries.Count:N0} entries: {wire:N0} bytes on the wire for {entryBytes:N0} bytes of entries ({100.0 * (wire - entryBytes) / entryBytes:0.00}% framing, coinbase and proofs), {MasternodeListAssembler.ChunkCountFor((uint)snapshot.Entries.Count)} chunks");
        Console.WriteLine($"full list build+encode+decode+verify: median {samples[samples.Count / 2]:0.0} ms over 5 rounds; double SHA-256 of every entry alone: {hashMs:0.0} ms ({entryBytes:N0} bytes, median of 5); ratio {samples[samples.Count / 2] / hashMs:0.0}x");
    }

    private static void MeasureDiff(ChainService a, ChainService b, Hash256 from, Hash256 to)
    {
        var snapshot = a.GetMasternodeDiff(from, to)!;
        var bytes = Encode(MasternodeSyncMessages.Diff(snapshot)!);
        var changedBytes = snapshot.Added.Concat(snapshot.Updated).Sum(e => (long)e.Size) + (snapshot.Removed.Count * 32L);
        var baseList = new MasternodeList(a.GetMasternodeListAt(from)!.Entries);
        b.TryGetHeader(to, out var header, out var height, out _);
        var verdict = default(MasternodeSyncResult);
        var ms = Median(() => verdict = MasternodeDiffVerifier.Apply(baseList, (MasternodeListSync)MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(bytes)), header, height, out _));
        Console.WriteLine($"1% diff ({snapshot.Updated.Count} updated, {snapshot.Added.Count} added, {snapshot.Removed.Count} removed): {bytes.Length:N0} bytes for {changedBytes:N0} bytes of changed entries and ids ({100.0 * (bytes.Length - changedBytes) / changedBytes:0.00}% over; goal ≤ 10%), decoded and verified against a {baseList.Count:N0}-entry base in {ms:0.0} ms (median of 5): {verdict}");
    }

    private static double Median(Action action)
    {
        var samples = new double[5];
        for (var i = 0; i < samples.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    }

    private static byte[] Encode(IMasternodeMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        MasternodeMessageCodec.Write(message, writer);
        return writer.WrittenSpan.ToArray();
    }

    private static void Submit(ChainService a, ChainGenerator generator, Block block)
    {
        var result = a.ProcessBlock(block);
        if (!result.IsAccepted)
        {
            throw new InvalidOperationException($"block {generator.Height} refused: {result}");
        }
    }
}
