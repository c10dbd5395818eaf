using System.Buffers;
using System.Collections.Concurrent;
using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia;

/// <summary>
/// Many <see cref="KademliaNode"/>s in one process, for simulations, tests and benchmarks: each
/// request and response is encoded with <see cref="KadMessageCodec"/>, framed and decoded again,
/// exactly as on a stream, and handed to the receiver's <see cref="KademliaNode.HandleRequest"/>.
/// A node taken <see cref="TakeDown">down</see> fails every request sent to it. As identify does
/// between swarms, the first request between two nodes lets the receiver learn that the sender
/// serves the DHT: before answering, it asks the sender a FIND_NODE, so the sender enters its
/// routing table by answering (KAD-1.3).
/// </summary>
public sealed class InProcessKadNetwork
{
    private readonly ConcurrentDictionary<PeerId, KademliaNode> _nodes = new();
    private readonly ConcurrentDictionary<PeerId, byte> _down = new();
    private readonly ConcurrentDictionary<PeerId, Multiaddr> _addresses = new();
    private readonly ConcurrentDictionary<(PeerId From, PeerId To), byte> _contacts = new();
    private long _messages;

    /// <summary>Requests delivered or attempted since the start (or the last <see cref="ResetCounters"/>).</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>The nodes, by peer id.</summary>
    public IReadOnlyDictionary<PeerId, KademliaNode> Nodes => _nodes;

    /// <summary>The fake address a node is known by (an ip4/tcp address derived from its position).</summary>
    public static Multiaddr AddressOf(int index) => Multiaddr.Parse($"/ip4/10.{(index >> 16) & 255}.{(index >> 8) & 255}.{index & 255}/tcp/4001");

    /// <summary>The messenger of the node <paramref name="local"/>.</summary>
    public IKadMessenger MessengerFor(PeerId local) => new Messenger(this, local);

    /// <summary>Adds a node (created with <see cref="MessengerFor"/>) reachable at <paramref name="address"/>.</summary>
    public void Add(KademliaNode node, Multiaddr address)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(address);
        _addresses[node.LocalPeerId] = address;
        _nodes[node.LocalPeerId] = node;
    }

    /// <summary>Every request to <paramref name="peer"/> fails from now on.</summary>
    public void TakeDown(PeerId peer) => _down[peer] = 0;

    /// <summary>True when <paramref name="peer"/> is in the network and not down.</summary>
    public bool IsUp(PeerId peer) => _nodes.ContainsKey(peer) && !_down.ContainsKey(peer);

    /// <summary>Sets <see cref="Messages"/> back to zero.</summary>
    public void ResetCounters() => Interlocked.Exchange(ref _messages, 0);

    private static KadMessage RoundTrip(KadMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(KadMessageCodec.GetSize(message) + 8);
        KadMessageCodec.WriteFrame(buffer, message);
        var sequence = new ReadOnlySequence<byte>(buffer.WrittenMemory);
        if (!KadMessageCodec.TryReadFrame(ref sequence, out var decoded) || !sequence.IsEmpty)
        {
            throw new KadProtocolException("An in-process DHT message did not survive its own codec.");
        }

        return decoded!;
    }

    private sealed class Messenger(InProcessKadNetwork network, PeerId local) : IKadMessenger
    {
        public async Task<KadMessage?> SendAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, KadMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Interlocked.Increment(ref network._messages);
            if (!network._nodes.TryGetValue(peer, out var node) || network._down.ContainsKey(peer))
            {
                throw new KadRequestFailedException($"{peer} is not reachable.");
            }

            if (node.Options.Mode == KadMode.Client)
            {
                throw new KadRequestFailedException($"{peer} does not serve the DHT.");
            }

            if (network._contacts.TryAdd((local, peer), 0)
                && network._nodes.TryGetValue(local, out var sender) && sender.Options.Mode == KadMode.Server
                && node.Routing.Get(local) is null)
            {
                await node.AddSeedAsync(local, [network._addresses[local]], cancellationToken);
            }

            var response = node.HandleRequest(local, RoundTrip(request));
            return response is null ? null : RoundTrip(response);
        }
    }
}
