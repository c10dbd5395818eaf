using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;
using RustyNode.Network.Framing;
using RustyNode.Network.Identity;
using RustyNode.Network.Protocols.Identify.Proto;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Protocols.Identify;

/// <summary>
/// libp2p identify and identify/push (specs/network/10-identify.md): tells each peer who we are,
/// what we speak and where we listen, and learns the same of it.
/// </summary>
public sealed partial class IdentifyBehaviour : INetworkBehaviour
{
    /// <summary>The request protocol: the responder writes one message and closes.</summary>
    public const string ProtocolId = "/ipfs/id/1.0.0";

    /// <summary>The push protocol: the opener writes one message with what changed and closes.</summary>
    public const string PushProtocolId = "/ipfs/id/push/1.0.0";

    private readonly IdentifyOptions _options;
    private readonly ConcurrentDictionary<PeerId, IdentifyInfo> _known = new();
    private ISwarmContext? _swarm;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private long _recordSequence;

    public IdentifyBehaviour(IdentifyOptions? options = null)
    {
        _options = options ?? new IdentifyOptions();
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; } = [ProtocolId, PushProtocolId];

    private ISwarmContext Swarm => _swarm ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm)
    {
        _swarm = swarm;
        _logger = swarm.LoggerFactory.CreateLogger<IdentifyBehaviour>();
        _recordSequence = swarm.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
    }

    /// <summary>What <paramref name="peer"/> last told us, if anything.</summary>
    public bool TryGetInfo(PeerId peer, out IdentifyInfo? info) => _known.TryGetValue(peer, out info);

    /// <summary>Asks <paramref name="peer"/> to identify itself now.</summary>
    /// <exception cref="IdentifyException">The reply is malformed or names another identity.</exception>
    public async Task<IdentifyInfo> IdentifyAsync(PeerId peer, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        await using var stream = await Swarm.OpenStreamAsync(peer, [ProtocolId], timeout.Token);
        await stream.Output.CompleteAsync();
        var payload = await LengthPrefixed.ReadAsync(stream.Input, IdentifyLimits.MaxMessageSize, timeout.Token)
            ?? throw new IdentifyException($"{peer} closed the identify stream without a message.");
        var info = Parse(stream.Connection, payload, previous: null);
        Store(info);
        return info;
    }

    /// <summary>Pushes our current identify message to every connected peer.</summary>
    public async Task PushToAllAsync(IEnumerable<PeerId> peers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peers);
        foreach (var peer in peers)
        {
            try
            {
                await using var stream = await Swarm.OpenStreamAsync(peer, [PushProtocolId], cancellationToken);
                await WriteOurMessageAsync(stream, cancellationToken);
            }
            catch (Exception ex) when (ex is SwarmException or IOException or Libp2pProtocolException)
            {
                Log.IdentifyPushFailed(_logger, peer, ex.Message);
            }
        }
    }

    /// <inheritdoc />
    public async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        if (stream.Protocol == ProtocolId)
        {
            await WriteOurMessageAsync(stream, timeout.Token);
            return;
        }

        var payload = await LengthPrefixed.ReadAsync(stream.Input, IdentifyLimits.MaxMessageSize, timeout.Token);
        if (payload is null)
        {
            return;
        }

        _known.TryGetValue(stream.Peer, out var previous);
        Store(Parse(stream.Connection, payload, previous));
    }

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_options.IdentifyOnConnect)
        {
            BackgroundTask.Forget(IdentifyOnConnectAsync(connection.RemotePeer), _logger, "identify on connect");
        }
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Swarm.GetConnections(connection.RemotePeer).Count == 0)
        {
            _known.TryRemove(connection.RemotePeer, out _);
        }
    }

    private async Task IdentifyOnConnectAsync(PeerId peer)
    {
        try
        {
            await IdentifyAsync(peer, CancellationToken.None);
        }
        catch (Exception ex) when (ex is SwarmException or IOException or Libp2pProtocolException or OperationCanceledException)
        {
            Log.IdentifyFailed(_logger, peer, ex.Message);
        }
    }

    private void Store(IdentifyInfo info)
    {
        _known[info.Peer] = info;
        Swarm.Publish(new PeerIdentified(info));
    }

    private async Task WriteOurMessageAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        var message = BuildOurMessage(stream.Connection);
        LengthPrefixed.Write(stream.Output, message.ToByteArray());
        await stream.Output.FlushAsync(cancellationToken);
        await stream.Output.CompleteAsync();
    }
}
