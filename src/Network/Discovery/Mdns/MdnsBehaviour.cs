using System.Collections.Concurrent;
using System.Net;
using Makaretu.Dns;
using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Discovery.Mdns;

/// <summary>
/// libp2p mDNS discovery (specs/network/21-mdns.md): DNS messages from Makaretu.Dns over our own
/// multicast socket (<see cref="MdnsSocket"/>; Makaretu.Dns.Multicast's MulticastService cannot
/// load with the IPNetwork2 5.x this mirror serves, see MDNS-1.4). Queries
/// <c>_p2p._udp.local</c> PTR at an interval, answers such queries with our addresses, and reports
/// peers it hears about as <see cref="PeerDiscovered"/> events, dialing them when configured to.
/// Serves no stream protocol. Nothing is sent before <see cref="Start"/>.
/// </summary>
public sealed class MdnsBehaviour : INetworkBehaviour, IAsyncDisposable
{
    private readonly MdnsOptions _options;
    private readonly ConcurrentDictionary<PeerId, DateTimeOffset> _reported = new();
    private readonly CancellationTokenSource _stopping = new();
    private ISwarmContext? _swarm;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private MdnsSocket? _socket;
    private long _lastAnswerTicks = long.MinValue;
    private Task _queryLoop = Task.CompletedTask;
    private string _peerName = MdnsRecords.NewPeerName();
    private int _pendingDials;
    private long _answersSent;
    private int _disposed;

    public MdnsBehaviour(MdnsOptions? options = null)
    {
        _options = options ?? new MdnsOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; } = [];

    /// <summary>The DNS label of our service instance.</summary>
    public string PeerName => _peerName;

    /// <summary>Answers we sent (for tests and metrics).</summary>
    public long AnswersSent => Interlocked.Read(ref _answersSent);

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        _swarm = swarm;
        _logger = swarm.LoggerFactory.CreateLogger<MdnsBehaviour>();
    }

    /// <summary>Binds the multicast sockets and starts querying. Call after the swarm listens.</summary>
    public void Start()
    {
        if (_swarm is null)
        {
            throw new InvalidOperationException("The behaviour is not attached to a swarm.");
        }

        _peerName = MdnsRecords.NewPeerName();
        _socket = MdnsSocket.Open(OnMessage);
        _queryLoop = QueryLoopAsync(_stopping.Token);
        Log.MdnsStarted(_logger, _options.ServiceName, _peerName);
    }

    /// <inheritdoc />
    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("mDNS serves no stream protocol.");

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
    }

    /// <summary>Stops querying and closes the sockets. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _queryLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_socket is { } socket)
        {
            await socket.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task QueryLoopAsync(CancellationToken cancellationToken)
    {
        var swarm = _swarm!;
        using var timer = new PeriodicTimer(_options.QueryInterval, swarm.TimeProvider);
        try
        {
            do
            {
                try
                {
                    _socket?.Multicast(MdnsRecords.Query(_options.ServiceName));
                }
                catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException or ObjectDisposedException)
                {
                    Log.MdnsSendFailed(_logger, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void OnMessage(Message message, IPEndPoint from)
    {
        if (message.IsQuery)
        {
            OnQuery(message, from);
        }
        else
        {
            OnAnswer(message);
        }
    }

    /// <summary>
    /// Answers a query for the service (MDNS-1.3): by multicast, at most once per second; a legacy
    /// query (not from port 5353) is answered to its source alone (RFC 6762 section 6.7).
    /// </summary>
    private void OnQuery(Message query, IPEndPoint from)
    {
        try
        {
            if (_disposed != 0 || _socket is not { } socket || !MdnsRecords.IsServiceQuery(query, _options.ServiceName))
            {
                return;
            }

            var addresses = AnnouncedAddresses();
            if (addresses.Count == 0)
            {
                return;
            }

            var answer = MdnsRecords.Answer(_options.ServiceName, _peerName, _swarm!.LocalPeerId, addresses, _options.RecordTtl);
            if (from.Port != MdnsSocket.Group.Port)
            {
                answer.Id = query.Id;
                answer.Questions.AddRange(query.Questions);
                socket.Unicast(answer, from);
            }
            else
            {
                var now = _swarm.TimeProvider.GetTimestamp();
                var last = Interlocked.Read(ref _lastAnswerTicks);
                if (last != long.MinValue && _swarm.TimeProvider.GetElapsedTime(last, now) < MdnsLimits.MinAnswerInterval)
                {
                    return;
                }

                Interlocked.Exchange(ref _lastAnswerTicks, now);
                socket.Multicast(answer);
            }

            Interlocked.Increment(ref _answersSent);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException or ObjectDisposedException or ArgumentException)
        {
            Log.MdnsSendFailed(_logger, ex.Message);
        }
    }

    private void OnAnswer(Message answer)
    {
        var swarm = _swarm;
        if (_disposed != 0 || swarm is null || MdnsRecords.ReadAnswer(answer, _options.ServiceName) is not { } found || found.Peer == swarm.LocalPeerId)
        {
            return;
        }

        var now = swarm.TimeProvider.GetUtcNow();
        if (_reported.TryGetValue(found.Peer, out var last) && now - last < _options.QueryInterval)
        {
            return;
        }

        if (_reported.Count >= MdnsLimits.MaxRememberedPeers)
        {
            _reported.Clear();
        }

        _reported[found.Peer] = now;
        Log.MdnsPeerFound(_logger, found.Peer, found.Addresses.Count);
        swarm.Publish(new PeerDiscovered(found.Peer, found.Addresses, "mdns"));
        if (_options.DialDiscovered && swarm.GetConnections(found.Peer).Count == 0 && Interlocked.Increment(ref _pendingDials) <= MdnsLimits.MaxPendingDials)
        {
            BackgroundTask.Forget(DialAsync(swarm, found), _logger, "mDNS dial");
        }
        else if (_options.DialDiscovered && swarm.GetConnections(found.Peer).Count == 0)
        {
            Interlocked.Decrement(ref _pendingDials);
        }
    }

    private async Task DialAsync(ISwarmContext swarm, MdnsPeer found)
    {
        try
        {
            foreach (var address in found.Addresses)
            {
                try
                {
                    await swarm.DialAsync(address.WithP2p(found.Peer.ToBytes()), _stopping.Token);
                    return;
                }
                catch (SwarmException ex)
                {
                    Log.MdnsDialFailed(_logger, found.Peer, ex.Message);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pendingDials);
        }
    }

    /// <summary>Our listen addresses; an unspecified IPv4 address is replaced by the interfaces' IPv4 addresses.</summary>
    private List<Multiaddr> AnnouncedAddresses()
    {
        var result = new List<Multiaddr>();
        foreach (var address in _swarm!.ListenAddresses)
        {
            if (address.TryGetIPEndPoint(out var endPoint) && endPoint!.Address.Equals(IPAddress.Any))
            {
                foreach (var ip in _socket?.Interfaces ?? [])
                {
                    result.Add(Multiaddr.FromIPEndPoint(new IPEndPoint(ip, endPoint.Port)));
                }
            }
            else
            {
                result.Add(address);
            }
        }

        return result;
    }
}
