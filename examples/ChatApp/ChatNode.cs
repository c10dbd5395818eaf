using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Applications;
using RustyNode.Network.Identity;
using RustyNode.Network.Protocols.Identify;
using RustyNode.Network.Swarm;

namespace RustyNode.Examples.ChatApp;

/// <summary>
/// One chat participant: a swarm with identify and the chat protocol. Lines typed are broadcast
/// to every connected peer that speaks the protocol; what arrives shows up in <see cref="Lines"/>.
/// </summary>
public sealed class ChatNode : IAsyncDisposable
{
    /// <summary>The chat protocol id.</summary>
    public const string ProtocolId = "/rustynode-example/chat/1.0.0";

    /// <summary>Longest chat message, in bytes.</summary>
    public const int MaxMessageSize = 4096;

    private readonly Swarm _swarm;
    private readonly ApplicationProtocols _protocols;
    private readonly ProtocolRegistration _chat;
    private readonly Channel<ChatLine> _lines;
    private int _disposed;

    private ChatNode(Swarm swarm, ApplicationProtocols protocols, ProtocolRegistration chat, Channel<ChatLine> lines)
    {
        _swarm = swarm;
        _protocols = protocols;
        _chat = chat;
        _lines = lines;
    }

    /// <summary>Our peer id.</summary>
    public PeerId PeerId => _swarm.LocalPeerId;

    /// <summary>Where others reach us: the first listen address with our /p2p id.</summary>
    public Multiaddr Address => _swarm.ListenAddresses[0].WithP2p(PeerId.ToBytes());

    /// <summary>Messages and peer events, in the order they happened.</summary>
    public ChannelReader<ChatLine> Lines => _lines.Reader;

    /// <summary>Starts a node listening on <paramref name="listenAddress"/> (e.g. /ip4/127.0.0.1/tcp/0).</summary>
    public static async Task<ChatNode> StartAsync(Multiaddr listenAddress, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listenAddress);
        var lines = Channel.CreateUnbounded<ChatLine>(new UnboundedChannelOptions { SingleReader = true });
        var protocols = new ApplicationProtocols(new ApplicationProtocolsOptions { MaxMessageSize = MaxMessageSize });
        var chat = protocols.Register(ProtocolId, new ChatHandler(lines.Writer));
        var options = new SwarmOptions();
        options.ListenAddresses.Add(listenAddress);
        var swarm = new Swarm(Ed25519PrivateKey.Generate(), options, [new IdentifyBehaviour(), protocols], loggerFactory ?? NullLoggerFactory.Instance);
        var node = new ChatNode(swarm, protocols, chat, lines);
        try
        {
            await swarm.StartAsync(cancellationToken);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>Connects to the peer at <paramref name="address"/>, which must end in /p2p/&lt;id&gt;.</summary>
    public async Task ConnectAsync(Multiaddr address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.TryGetPeerIdBytes(out var peerBytes))
        {
            throw new ArgumentException("The address must end in /p2p/<peer id>.", nameof(address));
        }

        var peer = PeerId.FromBytes(peerBytes);
        _protocols.AddPeerAddress(peer, address);
        await _protocols.ConnectAsync(peer, cancellationToken);
    }

    /// <summary>Sends <paramref name="text"/> to every connected chat peer.</summary>
    /// <returns>How many peers took it.</returns>
    public Task<int> SayAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > MaxMessageSize)
        {
            throw new ArgumentException($"A message may have at most {MaxMessageSize} bytes.", nameof(text));
        }

        return _chat.BroadcastAsync(bytes, cancellationToken);
    }

    /// <summary>Leaves the chat: closes every connection. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _swarm.DisposeAsync();
        _lines.Writer.TryComplete();
    }
}
