using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Resources;

/// <summary>
/// The node's memory budget for what peers make it hold (specs/network/16-resource-limits.md):
/// buffered inbound bytes and streams waiting for acceptance, per connection and for the node.
/// Both muxers ask it before they queue a stream and tell it what they buffer. Past a limit, new
/// streams are refused, and the biggest offender's streams are reset, with a score report and a
/// logged reason. Composed into the swarm like a behaviour with no protocols, consulted as an
/// <see cref="IResourceManager"/>. go-libp2p's resource manager is the model: limits by scope,
/// reservations before buffering, no notion of honest or hostile.
/// </summary>
public sealed class ResourceManager : INetworkBehaviour, IResourceManager
{
    /// <summary>Reason reported when a peer's streams are reset to bring memory back under a limit (RCM-3.2).</summary>
    public const string OverLimitReason = "over memory budget";

    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<ConnectionMemory, byte> _scopes = new();
    private readonly Lock _enforceLock = new();
    private long _buffered;
    private int _pending;
    private int _pendingOver;
    private long _refused;
    private long _shed;
    private ISwarmContext? _swarm;

    /// <param name="options">The limits (validated here).</param>
    /// <param name="logger">Logging; none when null.</param>
    public ResourceManager(ResourceOptions options, ILogger<ResourceManager>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _logger = logger ?? NullLogger<ResourceManager>.Instance;
    }

    /// <summary>The limits in force.</summary>
    public ResourceOptions Options { get; }

    /// <summary>Inbound bytes buffered for stream readers on all connections now.</summary>
    public long BufferedBytes => NodeBuffered;

    /// <summary>Streams waiting for acceptance on all connections now.</summary>
    public int PendingStreams => Volatile.Read(ref _pending);

    /// <summary>Streams refused by a limit since start.</summary>
    public long RefusedStreams => Interlocked.Read(ref _refused);

    /// <summary>Streams reset to bring memory back under a limit since start.</summary>
    public long ShedStreams => Interlocked.Read(ref _shed);

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; } = [];

    internal long NodeBuffered => Interlocked.Read(ref _buffered);

    internal bool NeedsEnforcing => NodeBuffered > Options.MaxNodeBufferedBytes || Volatile.Read(ref _pendingOver) != 0;

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm) => _swarm = swarm;

    /// <inheritdoc />
    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The resource manager serves no protocol.");

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
    }

    /// <inheritdoc />
    public IMuxerMemory OpenConnection(PeerId peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return new ConnectionMemory(this, peer);
    }

    /// <inheritdoc />
    public void CloseConnection(IMuxerMemory scope)
    {
        if (scope is ConnectionMemory memory && _scopes.TryRemove(memory, out _))
        {
            memory.Close();
        }
    }

    internal void Register(ConnectionMemory scope) => _scopes[scope] = 0;

    internal void AddNodeBuffered(long delta) => Interlocked.Add(ref _buffered, delta);

    internal void AddNodePending(int delta) => Interlocked.Add(ref _pending, delta);

    internal bool TryAddNodePending()
    {
        if (Interlocked.Increment(ref _pending) <= Options.MaxNodePendingStreams)
        {
            return true;
        }

        Interlocked.Decrement(ref _pending);
        Volatile.Write(ref _pendingOver, 1);
        return false;
    }

    /// <summary>A stream was refused by a limit (RCM-2.1).</summary>
    internal void Refused(ConnectionMemory scope, string limit)
    {
        Interlocked.Increment(ref _refused);
        Log.ResourceStreamRefused(_logger, scope.Peer, limit);
    }

    /// <summary>
    /// Brings memory back under the limits that are exceeded (RCM-3): the connection's own, then
    /// the node's, by resetting the streams of whoever holds the most.
    /// </summary>
    internal void Enforce(ConnectionMemory scope)
    {
        lock (_enforceLock)
        {
            var connectionLimit = Options.MaxConnectionBufferedBytes;
            if (scope.Buffered > connectionLimit)
            {
                ShedBuffered(scope, scope.Buffered - (long)(connectionLimit * ResourceLimits.ShedTarget), "buffered bytes of the connection");
            }

            var nodeLimit = Options.MaxNodeBufferedBytes;
            if (NodeBuffered > nodeLimit && Largest(s => s.Buffered) is { } holder)
            {
                ShedBuffered(holder, NodeBuffered - (long)(nodeLimit * ResourceLimits.ShedTarget), "buffered bytes of the node");
            }

            if (Volatile.Read(ref _pendingOver) != 0)
            {
                Volatile.Write(ref _pendingOver, 0);
                if (Largest(s => s.Pending) is { Shedder: { } shedder } waiting)
                {
                    var target = (int)(Options.MaxNodePendingStreams * ResourceLimits.ShedTarget);
                    var count = shedder.ShedPending(Math.Min(waiting.Pending, Math.Max(1, PendingStreams - target)));
                    Shed(waiting.Peer, "pending streams of the node", count, 0);
                }
            }
        }
    }

    private void ShedBuffered(ConnectionMemory scope, long bytes, string limit)
    {
        if (scope.Shedder is not { } shedder)
        {
            return;
        }

        var (released, streams) = shedder.ShedBuffered(bytes);
        Shed(scope.Peer, limit, streams, released);
    }

    private void Shed(PeerId peer, string limit, int streams, long bytes)
    {
        if (streams == 0)
        {
            return;
        }

        Interlocked.Add(ref _shed, streams);
        Log.ResourceShed(_logger, peer, streams, bytes, limit);
        if (Options.ShedPenalty > 0)
        {
            _swarm?.ReportPeer(peer, OverLimitReason, -Options.ShedPenalty);
        }
    }

    private ConnectionMemory? Largest(Func<ConnectionMemory, long> usage)
    {
        ConnectionMemory? largest = null;
        long most = 0;
        foreach (var scope in _scopes.Keys)
        {
            var used = usage(scope);
            if (used > most)
            {
                largest = scope;
                most = used;
            }
        }

        return largest;
    }
}
