using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using Makaretu.Dns;
using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Discovery.Mdns;

/// <summary>
/// libp2p mDNS discovery (specs/network/21-mdns.md) on Makaretu.Dns.Multicast: queries
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
    private MulticastService? _service;
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
        var service = new MulticastService(ChooseInterfaces) { UseIpv6 = false };
        service.QueryReceived += OnQuery;
        service.AnswerReceived += OnAnswer;
        service.Start();
        _service = service;
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
        if (_service is { } service)
        {
            service.QueryReceived -= OnQuery;
            service.AnswerReceived -= OnAnswer;
            service.Stop();
            service.Dispose();
        }

        _stopping.Dispose();
    }

    /// <summary>
    /// The interfaces to bind (MDNS-1.4): Makaretu's choice (up, not loopback, or the loopbacks when
    /// nothing else is up); when that is empty, every multicast-capable interface that is not down,
    /// because Linux reports the loopback's state as "unknown", never "up".
    /// </summary>
    private static NetworkInterface[] ChooseInterfaces(IEnumerable<NetworkInterface> candidates)
    {
        var chosen = candidates.ToArray();
        return chosen.Length > 0
            ? chosen
            : NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus != OperationalStatus.Down && n.SupportsMulticast).ToArray();
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
                    _service?.SendQuery(MdnsRecords.Query(_options.ServiceName));
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

    private void OnQuery(object? sender, MessageEventArgs e)
    {
        try
        {
            if (_disposed != 0 || !MdnsRecords.IsServiceQuery(e.Message, _options.ServiceName))
            {
                return;
            }

            var addresses = AnnouncedAddresses();
            if (addresses.Count == 0)
            {
                return;
            }

            _service?.SendAnswer(MdnsRecords.Answer(_options.ServiceName, _peerName, _swarm!.LocalPeerId, addresses, _options.RecordTtl), e, checkDuplicate: false);
            Interlocked.Increment(ref _answersSent);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException or ObjectDisposedException or ArgumentException)
        {
            Log.MdnsSendFailed(_logger, ex.Message);
        }
    }

    private void OnAnswer(object? sender, MessageEventArgs e)
    {
        var swarm = _swarm;
        if (_disposed != 0 || swarm is null || MdnsRecords.ReadAnswer(e.Message, _options.ServiceName) is not { } found || found.Peer == swarm.LocalPeerId)
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
                foreach (var ip in MulticastService.GetIPAddresses().Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
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
