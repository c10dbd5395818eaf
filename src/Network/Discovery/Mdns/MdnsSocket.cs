using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Makaretu.Dns;

namespace RustyNode.Network.Discovery.Mdns;

/// <summary>
/// The multicast UDP socket of mDNS (MDNS-1.4): bound to 0.0.0.0:5353 with address reuse (other
/// responders on the host share the port), member of 224.0.0.251 on each chosen interface, sending
/// through each of them. Messages are Makaretu.Dns <see cref="Message"/>s; a datagram that does
/// not parse is dropped.
/// </summary>
internal sealed class MdnsSocket : IAsyncDisposable
{
    /// <summary>The mDNS group and port (RFC 6762).</summary>
    public static readonly IPEndPoint Group = new(IPAddress.Parse("224.0.0.251"), 5353);

    private readonly Socket _socket;
    private readonly IPAddress[] _interfaces;
    private readonly Lock _sendLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _receiving;
    private int _disposed;

    private MdnsSocket(Socket socket, IPAddress[] interfaces, Action<Message, IPEndPoint> received)
    {
        _socket = socket;
        _interfaces = interfaces;
        _receiving = ReceiveLoopAsync(received, _stopping.Token);
    }

    /// <summary>The interface addresses joined to the group.</summary>
    public IReadOnlyList<IPAddress> Interfaces => _interfaces;

    /// <summary>Binds, joins the group on every chosen interface, and starts handing received messages to <paramref name="received"/>.</summary>
    /// <exception cref="SocketException">The port cannot be bound or no interface can join the group.</exception>
    public static MdnsSocket Open(Action<Message, IPEndPoint> received)
    {
        var interfaces = ChooseInterfaces();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Any, Group.Port));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
            var joined = new List<IPAddress>();
            foreach (var address in interfaces)
            {
                try
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(Group.Address, address));
                    joined.Add(address);
                }
                catch (SocketException)
                {
                    // An interface that cannot join (no multicast route) is skipped.
                }
            }

            if (joined.Count == 0)
            {
                throw new SocketException((int)SocketError.AddressNotAvailable);
            }

            return new MdnsSocket(socket, [.. joined], received);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Multicasts <paramref name="message"/> through every joined interface.</summary>
    public void Multicast(Message message)
    {
        var bytes = message.ToByteArray();
        lock (_sendLock)
        {
            foreach (var address in _interfaces)
            {
                _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, address.GetAddressBytes());
                _socket.SendTo(bytes, Group);
            }
        }
    }

    /// <summary>Sends <paramref name="message"/> to one endpoint (a legacy unicast query's source).</summary>
    public void Unicast(Message message, IPEndPoint to)
    {
        var bytes = message.ToByteArray();
        lock (_sendLock)
        {
            _socket.SendTo(bytes, to);
        }
    }

    /// <summary>Stops receiving and closes the socket. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        _socket.Dispose();
        await _receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    /// <summary>
    /// IPv4 addresses of the interfaces that are up and not loopback; when there is none, the
    /// loopback's (Linux reports its state as unknown, never up, and does not flag it
    /// multicast-capable, though a multicast route through it works).
    /// </summary>
    private static IPAddress[] ChooseInterfaces()
    {
        static IEnumerable<IPAddress> V4(NetworkInterface n) =>
            n.GetIPProperties().UnicastAddresses.Select(u => u.Address).Where(a => a.AddressFamily == AddressFamily.InterNetwork);

        var all = NetworkInterface.GetAllNetworkInterfaces();
        var external = all
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback && n.SupportsMulticast)
            .SelectMany(V4)
            .ToArray();
        return external.Length > 0
            ? external
            : all.Where(n => n.NetworkInterfaceType == NetworkInterfaceType.Loopback && n.OperationalStatus != OperationalStatus.Down).SelectMany(V4).ToArray();
    }

    private async Task ReceiveLoopAsync(Action<Message, IPEndPoint> received, CancellationToken cancellationToken)
    {
        var buffer = new byte[MdnsLimits.MaxMessageSize];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // A datagram larger than the buffer, or an ICMP error for an earlier send: keep going.
                continue;
            }

            if (MdnsRecords.TryParse(buffer.AsSpan(0, result.ReceivedBytes)) is { } message)
            {
                received(message, (IPEndPoint)result.RemoteEndPoint);
            }
        }
    }
}
