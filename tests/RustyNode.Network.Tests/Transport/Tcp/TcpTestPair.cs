using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using RustyNode.Network.Addressing;
using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Network.Tests.Transport.Tcp;

/// <summary>A listener plus one dialed and one accepted connection, disposed together.</summary>
internal sealed class TcpTestPair : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private TcpTestPair(TcpListenerHandle listener, TcpConnection dialer, TcpConnection accepted)
    {
        Listener = listener;
        Dialer = dialer;
        Accepted = accepted;
    }

    public TcpListenerHandle Listener { get; }

    public TcpConnection Dialer { get; }

    public TcpConnection Accepted { get; }

    public static async Task<TcpTestPair> CreateAsync(string listenAddress = "/ip4/127.0.0.1/tcp/0", TcpTransportOptions? options = null)
    {
        var transport = new TcpTransport(options);
        var listener = await transport.ListenAsync(Multiaddr.Parse(listenAddress), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        var dialer = await transport.DialAsync(listener.ListenAddress, CancellationToken.None).WaitAsync(Bound);
        var accepted = await accept.WaitAsync(Bound);
        return new TcpTestPair(listener, dialer, accepted);
    }

    /// <summary>True when this machine can bind ::1 (checked at run time, not assumed).</summary>
    public static bool HasIPv6Loopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return false;
        }

        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Reads until the peer completes the pipe; returns everything read.</summary>
    public static async Task<byte[]> ReadToEndAsync(PipeReader reader)
    {
        var all = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await reader.ReadAsync().AsTask().WaitAsync(Bound);
            foreach (var segment in result.Buffer)
            {
                all.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return all.WrittenSpan.ToArray();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Dialer.DisposeAsync();
        await Accepted.DisposeAsync();
        await Listener.DisposeAsync();
    }
}
