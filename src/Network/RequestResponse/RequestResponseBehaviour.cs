using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.RequestResponse;

/// <summary>
/// Request/response over one stream per request (specs/network/13-request-response.md, RR): the
/// requester opens a stream, writes one request and half-closes; the responder reads it, asks the
/// application's handler, writes one response and closes. Modelled on rust-libp2p request-response.
/// </summary>
/// <remarks>
/// Without a handler the behaviour only sends requests: it serves no protocol id, so peers asking
/// us get "na". A handler that throws refuses the request: its stream is reset.
/// </remarks>
public sealed partial class RequestResponseBehaviour<TRequest, TResponse> : INetworkBehaviour
{
    private readonly IRequestResponseCodec<TRequest, TResponse> _codec;
    private readonly Func<PeerId, TRequest, CancellationToken, ValueTask<TResponse>>? _handler;
    private readonly RequestResponseOptions _options;
    private readonly IPeerReporter? _reporter;
    private readonly ConcurrentDictionary<PeerId, PeerRequestSlots> _peers = new();
    private ISwarmContext? _swarm;
    private ILogger _logger = NullLogger.Instance;

    /// <param name="codec">Protocol ids, limits and message encoding.</param>
    /// <param name="handler">Answers inbound requests; null for a requester only.</param>
    /// <param name="options">Timeouts and concurrency bounds (validated here); defaults when null.</param>
    /// <param name="reporter">Told of misbehaving peers and asked before each inbound request; optional.</param>
    public RequestResponseBehaviour(
        IRequestResponseCodec<TRequest, TResponse> codec,
        Func<PeerId, TRequest, CancellationToken, ValueTask<TResponse>>? handler,
        RequestResponseOptions? options = null,
        IPeerReporter? reporter = null)
    {
        ArgumentNullException.ThrowIfNull(codec);
        if (codec.Protocols.Count == 0)
        {
            throw new ArgumentException("The codec names no protocol id.", nameof(codec));
        }

        _options = options ?? new RequestResponseOptions();
        _options.Validate();
        _codec = codec;
        _handler = handler;
        _reporter = reporter;
        Protocols = handler is null ? [] : codec.Protocols.ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; }

    /// <summary>The codec's protocol ids, which requests offer in this order.</summary>
    public IReadOnlyList<string> RequestProtocols => _codec.Protocols;

    private ISwarmContext Swarm => _swarm ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        _swarm = swarm;
        _logger = swarm.LoggerFactory.CreateLogger<RequestResponseBehaviour<TRequest, TResponse>>();
    }

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Swarm.GetConnections(connection.RemotePeer).Count == 0)
        {
            _peers.TryRemove(connection.RemotePeer, out _);
        }
    }

    private PeerRequestSlots GetSlots(PeerId peer) =>
        _peers.GetOrAdd(peer, static (_, options) => new PeerRequestSlots(options.MaxConcurrentInboundPerPeer, options.MaxConcurrentOutboundPerPeer), _options);

    private void ReportViolation(PeerId peer, string reason) =>
        _reporter?.Report(peer, reason, PeerReportWeights.ProtocolViolation);
}
