using System.Buffers.Binary;
using System.IO.Pipelines;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Multistream;
using RustyNode.Network.Security.Noise;
using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Node.Tests.Hostile;

/// <summary>
/// A peer that follows the protocols only as far as a test wants and then sends what it likes:
/// raw bytes on TCP, or raw yamux frames inside a genuine Noise channel.
/// </summary>
public sealed class HostileClient : IAsyncDisposable
{
    private readonly TcpConnection _tcp;
    private readonly SecureChannel? _secure;
    private readonly Ed25519PrivateKey _key;

    private HostileClient(TcpConnection tcp, SecureChannel? secure, Ed25519PrivateKey key)
    {
        _tcp = tcp;
        _secure = secure;
        _key = key;
    }

    /// <summary>The channel the test writes to: the Noise channel once secured, else raw TCP.</summary>
    public IDuplexPipe Channel => (IDuplexPipe?)_secure ?? _tcp;

    /// <summary>Our (throwaway) peer id.</summary>
    public PeerId PeerId => PeerId.FromPublicKey(_key.PublicKey);

    /// <summary>A plain TCP connection to <paramref name="address"/>.</summary>
    public static async Task<HostileClient> ConnectRawAsync(string address)
    {
        var transport = new TcpTransport(new TcpTransportOptions());
        var tcp = await transport.DialAsync(Multiaddr.Parse(address).WithoutP2p(), CancellationToken.None);
        return new HostileClient(tcp, null, Ed25519PrivateKey.Generate());
    }

    /// <summary>TCP, then /noise agreed by multistream-select, but nothing more.</summary>
    public static async Task<HostileClient> ConnectAtNoiseAsync(string address)
    {
        var client = await ConnectRawAsync(address);
        await MultistreamSelect.SelectAsync(client._tcp, [NoiseSecurity.ProtocolId], CancellationToken.None);
        return client;
    }

    /// <summary>TCP, Noise, and <paramref name="muxer"/> agreed: the next bytes are muxer frames.</summary>
    public static async Task<HostileClient> ConnectSecuredAsync(string address, string muxer = "/yamux/1.0.0")
    {
        var transport = new TcpTransport(new TcpTransportOptions());
        var tcp = await transport.DialAsync(Multiaddr.Parse(address).WithoutP2p(), CancellationToken.None);
        var key = Ed25519PrivateKey.Generate();
        await MultistreamSelect.SelectAsync(tcp, [NoiseSecurity.ProtocolId], CancellationToken.None);
        var secure = await new NoiseSecurity(key).SecureOutboundAsync(tcp, null, CancellationToken.None);
        await MultistreamSelect.SelectAsync(secure, [muxer], CancellationToken.None);
        return new HostileClient(tcp, secure, key);
    }

    /// <summary>A yamux header (YMX-1): version, type, flags, stream id, length.</summary>
    public static byte[] YamuxHeader(byte version, byte type, ushort flags, uint streamId, uint length)
    {
        var header = new byte[12];
        header[0] = version;
        header[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), flags);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), streamId);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), length);
        return header;
    }

    /// <summary>Writes and flushes; false once the remote has gone away.</summary>
    public async Task<bool> TrySendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            var flush = await Channel.Output.WriteAsync(bytes);
            return !flush.IsCompleted;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Reads and discards until the remote closes; true if it closed within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForRemoteCloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var result = await Channel.Input.ReadAsync(cts.Token);
                Channel.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception ex) when (ex is IOException or RustyNode.Network.Libp2pProtocolException or InvalidOperationException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_secure is not null)
        {
            await _secure.DisposeAsync();
        }

        await _tcp.DisposeAsync();
        _key.Dispose();
    }
}
