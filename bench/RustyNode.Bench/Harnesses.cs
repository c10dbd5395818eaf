namespace RustyNode.Bench;

/// <summary>Registry of the multi-process harnesses (each prints its figures and ratios).</summary>
public static class Harnesses
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> All = new(StringComparer.Ordinal)
    {
        ["perf"] = Harness.PerfHarness.RunAsync,
        ["connections"] = Harness.ConnectionHarness.RunAsync,
        ["memory"] = Harness.MemoryHarness.RunAsync,
        ["txrelay"] = Harness.TxRelayHarness.RunAsync,
        ["masternodes"] = Harness.MasternodeSyncHarness.RunAsync,
        ["dht"] = Harness.DhtHarness.RunAsync,
        ["crypto"] = Harness.CryptoAbHarness.RunAsync,
        ["pubsub"] = Harness.PubSubHarness.RunAsync,
        ["blocksync"] = Harness.BlockSyncHarness.RunAsync,
        ["compact-blocks"] = Harness.CompactBlockHarness.RunAsync,
    };

    public static bool TryGet(string name, out Func<string[], Task<int>> harness) =>
        All.TryGetValue(name, out harness!);
}
