using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.Testing;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Wire;

namespace RustyNode.Protocols.Masternode.Tests.Testing;

/// <summary>
/// A peer speaking /rusty/masternode/1.0 as a test scripts it: <see cref="Answer"/> returns the response
/// to each request (null resets the stream, a never-completing task holds it). Records what it was asked.
/// It is also a plain requester (<see cref="Requests"/>) for tests that ask a node directly.
/// </summary>
public sealed class ScriptedMasternodePeer : IAsyncDisposable
{
    private readonly ConcurrentQueue<IMasternodeMessage> _asked = new();

    private ScriptedMasternodePeer()
    {
        Requests = new RequestResponseBehaviour<IMasternodeMessage, IMasternodeMessage>(new MasternodeWireCodec(), HandleAsync);
    }

    /// <summary>Makes the answer to a request; null refuses it.</summary>
    public Func<IMasternodeMessage, CancellationToken, Task<IMasternodeMessage?>> Answer { get; set; } = (_, _) => Task.FromResult<IMasternodeMessage?>(null);

    public RequestResponseBehaviour<IMasternodeMessage, IMasternodeMessage> Requests { get; }

    public ConnectionWatcher Watcher { get; } = new();

    public IReadOnlyCollection<IMasternodeMessage> Asked => _asked;

    public global::RustyNode.Network.Swarm.Swarm Swarm { get; private set; } = null!;

    public PeerId PeerId => Swarm.LocalPeerId;

    public Multiaddr ListenAddress => Swarm.ListenAddresses[0];

    public Multiaddr Address => ListenAddress.WithP2p(PeerId.ToBytes());

    public static async Task<ScriptedMasternodePeer> StartAsync()
    {
        var peer = new ScriptedMasternodePeer();
        var options = new SwarmOptions();
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        peer.Swarm = new global::RustyNode.Network.Swarm.Swarm(Ed25519PrivateKey.Generate(), options, [peer.Requests, peer.Watcher], NullLoggerFactory.Instance);
        await peer.Swarm.StartAsync(CancellationToken.None);
        return peer;
    }

    public async Task ConnectAsync(Multiaddr address)
    {
        var connection = await Swarm.DialAsync(address, CancellationToken.None).WaitAsync(MasternodeNode.Bound);
        await Watcher.WaitForConnectionAsync(connection.RemotePeer, MasternodeNode.Bound);
    }

    public ValueTask DisposeAsync() => Swarm.DisposeAsync();

    private async ValueTask<IMasternodeMessage> HandleAsync(PeerId peer, IMasternodeMessage request, CancellationToken cancellationToken)
    {
        _asked.Enqueue(request);
        return await Answer(request, cancellationToken) ?? throw new InvalidOperationException("scripted refusal");
    }
}
