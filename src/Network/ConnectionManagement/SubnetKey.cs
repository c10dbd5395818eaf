using System.Net;
using RustyNode.Network.Addressing;

namespace RustyNode.Network.ConnectionManagement;

/// <summary>The IP address and subnet (/24 for IPv4, /48 for IPv6) a connection comes from (CM-2.2).</summary>
internal readonly record struct SubnetKey(IPAddress Address, string Subnet)
{
    public static SubnetKey? From(Multiaddr address)
    {
        if (!address.TryGetIPEndPoint(out var endPoint) || endPoint is null)
        {
            return null;
        }

        var ip = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var bytes = ip.GetAddressBytes();
        var subnet = bytes.Length == 4
            ? $"{Convert.ToHexString(bytes, 0, 3)}/24"
            : $"{Convert.ToHexString(bytes, 0, 6)}/48";
        return new SubnetKey(ip, subnet);
    }
}
