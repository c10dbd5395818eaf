using System.Buffers;
using System.Collections.Concurrent;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Sync;

namespace RustyNode.Protocols.BlockSync.Tests.Testing;

/// <summary>
/// The sync manager's network in memory: each request is encoded and decoded with the real codec
/// (so what a fake peer answers is what the wire could carry) and routed to a <see cref="FakePeer"/>.
/// </summary>
internal sealed class FakeNetwork : IBlockSyncNetwork
{
    private readonly ConcurrentDictionary<PeerId, FakePeer> _peers = new();
    private readonly ConcurrentDictionary<PeerId, double> _scores = new();

    /// <summary>Every report, in order.</summary>
    public ConcurrentQueue<(PeerId Peer, string Reason, double Weight)> Reports { get; } = new();

    public void Add(FakePeer peer) => _peers[peer.Id] = peer;

    public void Remove(PeerId peer) => _peers.TryRemove(peer, out _);

    /// <summary>The reasons reported against <paramref name="peer"/>.</summary>
    public IReadOnlyList<string> ReasonsFor(PeerId peer) => [.. Reports.Where(r => r.Peer == peer).Select(r => r.Reason)];

    public async Task<BlockSyncMessage> SendAsync(PeerId peer, BlockSyncMessage request, CancellationToken cancellationToken)
    {
        if (!_peers.TryGetValue(peer, out var target))
        {
            throw new RequestFailedException(peer, RequestFailure.NotConnected, "not connected");
        }

        var response = await target.HandleAsync(RoundTrip(request)).WaitAsync(cancellationToken);
        return RoundTrip(response);
    }

    /// <summary>
    /// Called with a peer whose reports add up below -100, as peer protection would ban and
    /// disconnect it (PROT-4.1); the peer is removed from the network first.
    /// </summary>
    public Action<PeerId>? OnBanned { get; set; }

    /// <summary>Peers removed for their score.</summary>
    public ConcurrentQueue<PeerId> Banned { get; } = new();

    public void Report(PeerId peer, string reason, double weight)
    {
        Reports.Enqueue((peer, reason, weight));
        if (_scores.AddOrUpdate(peer, weight, (_, score) => score + weight) < -100 && _peers.TryRemove(peer, out _))
        {
            Banned.Enqueue(peer);
            OnBanned?.Invoke(peer);
        }
    }

    private static BlockSyncMessage RoundTrip(BlockSyncMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        BlockSyncMessageCodec.Write(message, writer);
        return BlockSyncMessageCodec.Read(new ReadOnlySequence<byte>(writer.WrittenMemory));
    }
}
