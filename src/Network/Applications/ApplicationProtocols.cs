using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Applications;

/// <summary>
/// The way an application adds its own protocols from outside the library
/// (specs/network/13-request-response.md, APP): register a handler per protocol id before the
/// swarm is built, pass this behaviour to the swarm, then send to one peer or broadcast, and hear
/// of peers being discovered, connected, disconnected and updated.
/// </summary>
/// <remarks>
/// Identify results reach this behaviour through <see cref="OnSwarmEvent"/>: they raise "updated"
/// events and tell broadcasts which peers lack a protocol.
/// </remarks>
public sealed partial class ApplicationProtocols : INetworkBehaviour
{
    private readonly ApplicationProtocolsOptions _options;
    private readonly IPeerReporter? _reporter;
    private readonly Dictionary<string, ProtocolRegistration> _registrations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<PeerId, int> _inboundStreams = new();
    private ISwarmContext? _swarm;
    private ILogger _logger = NullLogger.Instance;

    /// <param name="options">Limits and timeouts (validated here); defaults when null.</param>
    /// <param name="reporter">Told of peers sending oversized or malformed messages; optional.</param>
    public ApplicationProtocols(ApplicationProtocolsOptions? options = null, IPeerReporter? reporter = null)
    {
        _options = options ?? new ApplicationProtocolsOptions();
        _options.Validate();
        _reporter = reporter;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols => _registrations.Keys;

    /// <summary>The registered protocols.</summary>
    public IReadOnlyCollection<ProtocolRegistration> Registrations => _registrations.Values;

    private ISwarmContext Swarm => _swarm ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");

    /// <summary>Registers <paramref name="handler"/> for <paramref name="protocolId"/>; only before the swarm is built.</summary>
    /// <exception cref="ArgumentException">The id is not of the form "/name/version" or is taken.</exception>
    /// <exception cref="InvalidOperationException">The swarm already exists.</exception>
    public ProtocolRegistration Register(string protocolId, ProtocolHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocolId);
        ArgumentNullException.ThrowIfNull(handler);
        if (_swarm is not null)
        {
            throw new InvalidOperationException("Protocols must be registered before the swarm is built.");
        }

        if (protocolId[0] != '/' || protocolId.Length > 1024 || protocolId.Any(char.IsControl))
        {
            throw new ArgumentException($"'{protocolId}' is not a valid protocol id (it must start with '/').", nameof(protocolId));
        }

        if (handler.Host is not null)
        {
            throw new ArgumentException("The handler is already registered.", nameof(handler));
        }

        var registration = new ProtocolRegistration(this, protocolId, handler);
        if (!_registrations.TryAdd(protocolId, registration))
        {
            throw new ArgumentException($"Protocol '{protocolId}' is already registered.", nameof(protocolId));
        }

        handler.Host = this;
        return registration;
    }

    /// <summary>Registers a message handler made of callbacks (APP-2.1).</summary>
    public ProtocolRegistration Register(
        string protocolId,
        Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask> onMessage,
        Action<PeerEvent>? onPeerEvent = null)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        return Register(protocolId, new DelegateProtocolHandler(onMessage, onPeerEvent));
    }

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        _swarm = swarm;
        _logger = swarm.LoggerFactory.CreateLogger<ApplicationProtocols>();
    }

    /// <inheritdoc />
    public async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var peer = stream.Peer;
        if (_inboundStreams.AddOrUpdate(peer, 1, static (_, n) => n + 1) > _options.MaxInboundStreamsPerPeer)
        {
            Log.AppStreamRefused(_logger, peer, stream.Protocol, "too many concurrent streams");
            _reporter?.Report(peer, $"more than {_options.MaxInboundStreamsPerPeer} concurrent streams of custom protocols", PeerReportWeights.ExcessRequest);
            ReleaseInbound(peer);
            stream.Stream.Reset();
            return;
        }

        try
        {
            await _registrations[stream.Protocol].Handler.HandleStreamAsync(stream, cancellationToken);
        }
        catch (RequestResponseProtocolException ex)
        {
            Log.AppStreamRefused(_logger, peer, stream.Protocol, ex.Message);
            _reporter?.Report(peer, $"bad message of {stream.Protocol}: {ex.Message}", PeerReportWeights.ProtocolViolation);
            stream.Stream.Reset();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The application's handler failed (or the stream went idle): reset, never crash.
            Log.AppHandlerFailed(_logger, peer, stream.Protocol, ex);
            stream.Stream.Reset();
        }
        finally
        {
            ReleaseInbound(peer);
        }
    }

    private void ReleaseInbound(PeerId peer)
    {
        if (_inboundStreams.AddOrUpdate(peer, 0, static (_, n) => n - 1) <= 0)
        {
            _inboundStreams.TryRemove(new KeyValuePair<PeerId, int>(peer, 0));
        }
    }
}
