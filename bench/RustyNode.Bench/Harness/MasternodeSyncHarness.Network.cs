using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.Masternode;
using RustyNode.Protocols.Masternode.Sync;

namespace RustyNode.Bench.Harness;

public static partial class MasternodeSyncHarness
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Over /rusty/masternode/1.0 on TCP, Noise and Yamux on 127.0.0.1: B (headers only) gets the headers up to
    /// <paramref name="before"/>; the diff from genesis is over the diff limit, so A refuses it and B fetches the
    /// full list chunk by chunk. Then B gets the next header and takes the 1% change as a diff. Reported: bytes
    /// received (frames included) and time from the first request to the verified list, as B's sync records them.
    /// </summary>
    private static async Task MeasureNetworkAsync(ChainService a, IReadOnlyList<BlockHeader> headers, int before, string root)
    {
        using var b = ChainService.Open(Path.Combine(root, "b-net"), ChainParameters.Regtest);
        var options = new MasternodeOptions { PoSeEnabled = false };
        var nodeA = new MasternodeBehaviour(a, options);
        var nodeB = new MasternodeBehaviour(b, options);
        await using var swarmA = await StartSwarmAsync(nodeA);
        await using var swarmB = await StartSwarmAsync(nodeB);
        try
        {
            await swarmB.DialAsync(swarmA.ListenAddresses[0].WithP2p(swarmA.LocalPeerId.ToBytes()), CancellationToken.None).WaitAsync(Bound);
            var fullTarget = headers[before - 1].Hash;
            var started = Stopwatch.GetTimestamp();
            await TakeAsync(b, nodeB, headers.Take(before), fullTarget);
            var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var full = nodeB.SyncStats.LastFull ?? throw new InvalidOperationException($"B did not sync the full list: {nodeB.SyncStats}");
            var entryBytes = a.GetMasternodeListAt(fullTarget)!.Entries.Sum(e => (long)e.Size);
            Console.WriteLine($"network full list of {full.Entries:N0} entries: {full.Bytes:N0} bytes received for {entryBytes:N0} bytes of entries ({100.0 * (full.Bytes - entryBytes) / entryBytes:0.00}% over), {full.Duration.TotalMilliseconds:0} ms from the first request to the verified list ({wall:0} ms from the header to the view, the refused diff included)");

            var diffTarget = headers[before].Hash;
            await TakeAsync(b, nodeB, [headers[before]], diffTarget);
            if (nodeB.View.List.Root != new global::RustyNode.Consensus.Masternodes.MasternodeList(a.GetMasternodeListAt(diffTarget)!.Entries).Root)
            {
                throw new InvalidOperationException("B's list after the diff differs from A's.");
            }

            var diff = nodeB.SyncStats.LastDiff ?? throw new InvalidOperationException($"B did not sync the diff: {nodeB.SyncStats}");
            var snapshot = a.GetMasternodeDiff(headers[before - 1].Hash, diffTarget)!;
            var changedBytes = snapshot.Added.Concat(snapshot.Updated).Sum(e => (long)e.Size) + (snapshot.Removed.Count * 32L);
            Console.WriteLine($"network 1% diff ({diff.Changes} changes): {diff.Bytes:N0} bytes received for {changedBytes:N0} bytes of changed entries and ids ({100.0 * (diff.Bytes - changedBytes) / changedBytes:0.00}% over; goal ≤ 10%), {diff.Duration.TotalMilliseconds:0.0} ms");
        }
        finally
        {
            await swarmB.DisposeAsync();
            await swarmA.DisposeAsync();
            await nodeB.DisposeAsync();
            await nodeA.DisposeAsync();
        }
    }

    private static async Task<Swarm> StartSwarmAsync(MasternodeBehaviour behaviour)
    {
        var options = new SwarmOptions();
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        var swarm = new Swarm(Ed25519PrivateKey.Generate(), options, [behaviour], NullLoggerFactory.Instance);
        await swarm.StartAsync(CancellationToken.None);
        return swarm;
    }

    /// <summary>Gives B the headers and waits until its view is at <paramref name="target"/>.</summary>
    private static async Task TakeAsync(ChainService b, MasternodeBehaviour nodeB, IEnumerable<BlockHeader> headers, Hash256 target)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnView(MasternodeView view)
        {
            if (view.BlockHash == target)
            {
                reached.TrySetResult();
            }
        }

        nodeB.ViewChanged += OnView;
        try
        {
            var result = b.ProcessHeaders([.. headers]);
            if (!result.IsAccepted)
            {
                throw new InvalidOperationException($"headers refused: {result}");
            }

            await reached.Task.WaitAsync(Bound);
        }
        finally
        {
            nodeB.ViewChanged -= OnView;
        }
    }
}
