using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// A masternode's service address (MNL-2.4): the binary multiaddr <c>/ip4/A/tcp/P</c>
/// (<c>04 A:4 06 P:2</c>) or <c>/ip6/A/tcp/P</c> (<c>29 A:16 06 P:2</c>), port big-endian and not
/// zero, address not unspecified. The bytes are a valid multiaddr, so the network side can dial
/// them as they are; the chain rules only need to recognise these two shapes.
/// </summary>
public static class ServiceAddress
{
    private const byte Ip4Code = 0x04;
    private const byte Ip6Code = 0x29;
    private const byte TcpCode = 0x06;

    /// <summary>True when <paramref name="bytes"/> is one of the two accepted forms.</summary>
    public static bool IsValid(ReadOnlySpan<byte> bytes)
    {
        var addressLength = bytes.Length switch { 8 => 4, 20 => 16, _ => 0 };
        if (addressLength == 0 || bytes[0] != (addressLength == 4 ? Ip4Code : Ip6Code) || bytes[1 + addressLength] != TcpCode)
        {
            return false;
        }

        return bytes.Slice(1, addressLength).ContainsAnyExcept((byte)0)
            && BinaryPrimitives.ReadUInt16BigEndian(bytes[(2 + addressLength)..]) != 0;
    }

    /// <summary>The service bytes of an IPv4 or IPv6 address and a TCP port.</summary>
    /// <exception cref="ArgumentException">Another address family, an unspecified address or port 0.</exception>
    public static byte[] Create(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var ip = address.AddressFamily switch
        {
            AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 => address.GetAddressBytes(),
            _ => throw new ArgumentException("A service address is IPv4 or IPv6.", nameof(address)),
        };
        var bytes = new byte[ip.Length + 4];
        bytes[0] = ip.Length == 4 ? Ip4Code : Ip6Code;
        ip.CopyTo(bytes, 1);
        bytes[1 + ip.Length] = TcpCode;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2 + ip.Length), (ushort)port);
        return port is > 0 and <= ushort.MaxValue && IsValid(bytes)
            ? bytes
            : throw new ArgumentException($"{address}:{port} is not a usable service address.", nameof(address));
    }

    /// <summary>The address and port of valid service bytes.</summary>
    public static bool TryGetEndPoint(ReadOnlySpan<byte> bytes, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (!IsValid(bytes))
        {
            return false;
        }

        var addressLength = bytes.Length - 4;
        endPoint = new IPEndPoint(new IPAddress(bytes.Slice(1, addressLength)), BinaryPrimitives.ReadUInt16BigEndian(bytes[(2 + addressLength)..]));
        return true;
    }

    /// <summary>The address <paramref name="offset"/> places after the given one (same port), for numbering regtest services.</summary>
    public static byte[] Offset(ReadOnlySpan<byte> bytes, uint offset)
    {
        if (!IsValid(bytes))
        {
            throw new ArgumentException("Not a service address.", nameof(bytes));
        }

        var result = bytes.ToArray();
        var last = result.AsSpan(result.Length - 7, 4);
        BinaryPrimitives.WriteUInt32BigEndian(last, BinaryPrimitives.ReadUInt32BigEndian(last) + offset);
        return result;
    }

    /// <summary>The multiaddr text form, e.g. <c>/ip4/127.0.0.1/tcp/4001</c>; empty for empty bytes.</summary>
    public static string ToText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (!TryGetEndPoint(bytes, out var endPoint))
        {
            return Convert.ToHexStringLower(bytes);
        }

        var family = endPoint.AddressFamily == AddressFamily.InterNetwork ? "ip4" : "ip6";
        return string.Create(CultureInfo.InvariantCulture, $"/{family}/{endPoint.Address}/tcp/{endPoint.Port}");
    }
}
