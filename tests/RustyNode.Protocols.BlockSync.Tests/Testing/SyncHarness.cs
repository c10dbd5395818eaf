using Microsoft.Extensions.Time.Testing;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Sync;

namespace RustyNode.Protocols.BlockSync.Tests.Testing;

/// <summary>
/// A node under test: its chain, a <see cref="SyncManager"/> on a <see cref="FakeTimeProvider"/>
/// (ticks only when the test advances it) and a <see cref="FakeNetwork"/> of in-memory peers.
/// </summary>
internal sealed class SyncHarness : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly List<FakePeer> _peers = [];
    private ulong _nextSeed = 100;

    public SyncHarness(BlockSyncOptions? options = null, TestChain? chain = null, long bufferLimit = BlockSyncLimits.MaxBufferedBlockBytes)
    {
        Chain = chain ?? new TestChain();
        Manager = new SyncManager(Chain.Service, Network, options ?? new BlockSyncOptions(), Clock, Logger) { BufferLimit = bufferLimit };
        Network.OnBanned = Manager.PeerDisconnected;
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public FakeNetwork Network { get; } = new();

    /// <summary>The manager's log; an error in it fails the test at dispose.</summary>
    public RecordingLogger Logger { get; } = new();

    public TestChain Chain { get; }

    public SyncManager Manager { get; }

    /// <summary>A fresh generator of regtest blocks (deterministic per seed).</summary>
    public static ChainGenerator Generator(string seed = "blocksync-tests") => new(ChainParameters.Regtest, null, seed);

    /// <summary>Adds a peer holding <paramref name="blocks"/> to the network and tells the manager it connected.</summary>
    public async Task<FakePeer> ConnectAsync(IEnumerable<Block> blocks, bool announce = true, Func<FakePeer, Func<BlockSyncMessage, Task<BlockSyncMessage?>>>? intercept = null)
    {
        var peer = new FakePeer(TestChain.With(blocks), _nextSeed++);
        peer.Intercept = intercept?.Invoke(peer);
        _peers.Add(peer);
        Network.Add(peer);
        Manager.PeerConnected(peer.Id);
        if (announce)
        {
            await AnnounceTipAsync(peer);
        }

        return peer;
    }

    /// <summary>The peer announces its tip (BS-4.6), as a real peer does on connection.</summary>
    public Task AnnounceTipAsync(FakePeer peer) =>
        Manager.OnAnnouncementAsync(peer.Id, new HeaderAnnouncement([peer.Chain.Service.TipInfo.Header]), CancellationToken.None).WaitAsync(Bound);

    /// <summary>Waits (real time, bounded) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Bound);
        while (!condition())
        {
            try
            {
                await Task.Delay(5, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }
        }
    }

    /// <summary>Waits like <see cref="WaitUntilAsync"/>, and on time-out says where the node stood.</summary>
    public async Task WaitAsync(Func<bool> condition, string what)
    {
        try
        {
            await WaitUntilAsync(condition, what);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var peers = string.Join("; ", _peers.Select(p => $"{p.Id.ToString()[^6..]}: {p.Requests.Count} requests, {p.BlocksServed} blocks served"));
            var log = string.Join("\n", Logger.Entries.TakeLast(40).Select(e => $"{e.Level} {e.Message}"));
            throw new Xunit.Sdk.XunitException($"{ex.Message}\nprogress: {Manager.Progress}\npeers: {peers}\nreports: {string.Join(", ", Network.Reports)}\nlog:\n{log}");
        }
    }

    /// <summary>Waits until the node's tip is <paramref name="peer"/>'s tip.</summary>
    public Task WaitForTipOfAsync(FakePeer peer) =>
        WaitAsync(() => Chain.Service.Tip.Hash == peer.Chain.Service.Tip.Hash, $"the node to reach {peer.Chain.Service.Tip.Height}");

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        Assert.Empty(Logger.Errors);
        Chain.Dispose();
        foreach (var peer in _peers)
        {
            peer.Dispose();
        }
    }
}
