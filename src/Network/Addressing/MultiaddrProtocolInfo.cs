namespace RustyNode.Network.Addressing;

/// <summary>The table row of one multiaddr protocol: code, text name and value layout.</summary>
internal sealed class MultiaddrProtocolInfo
{
    private static readonly MultiaddrProtocolInfo[] All =
    [
        new(MultiaddrProtocol.Ip4, "ip4", MultiaddrValueKind.Fixed, 4),
        new(MultiaddrProtocol.Tcp, "tcp", MultiaddrValueKind.Fixed, 2),
        new(MultiaddrProtocol.Ip6, "ip6", MultiaddrValueKind.Fixed, 16),
        new(MultiaddrProtocol.Dns, "dns", MultiaddrValueKind.LengthPrefixed, 0),
        new(MultiaddrProtocol.Dns4, "dns4", MultiaddrValueKind.LengthPrefixed, 0),
        new(MultiaddrProtocol.Dns6, "dns6", MultiaddrValueKind.LengthPrefixed, 0),
        new(MultiaddrProtocol.Udp, "udp", MultiaddrValueKind.Fixed, 2),
        new(MultiaddrProtocol.P2pCircuit, "p2p-circuit", MultiaddrValueKind.None, 0),
        new(MultiaddrProtocol.P2p, "p2p", MultiaddrValueKind.LengthPrefixed, 0),
        new(MultiaddrProtocol.QuicV1, "quic-v1", MultiaddrValueKind.None, 0),
        new(MultiaddrProtocol.Ws, "ws", MultiaddrValueKind.None, 0),
        new(MultiaddrProtocol.Wss, "wss", MultiaddrValueKind.None, 0),
    ];

    private static readonly Dictionary<string, MultiaddrProtocolInfo> ByName = BuildByName();

    private MultiaddrProtocolInfo(int code, string name, MultiaddrValueKind kind, int fixedSize)
    {
        Code = code;
        Name = name;
        Kind = kind;
        FixedSize = fixedSize;
    }

    public int Code { get; }

    public string Name { get; }

    public MultiaddrValueKind Kind { get; }

    /// <summary>Value size in bytes when <see cref="Kind"/> is <see cref="MultiaddrValueKind.Fixed"/>.</summary>
    public int FixedSize { get; }

    public static MultiaddrProtocolInfo? FromCode(ulong code)
    {
        foreach (var info in All)
        {
            if ((ulong)info.Code == code)
            {
                return info;
            }
        }

        return null;
    }

    public static MultiaddrProtocolInfo? FromName(string name) =>
        ByName.TryGetValue(name, out var info) ? info : null;

    private static Dictionary<string, MultiaddrProtocolInfo> BuildByName()
    {
        var map = new Dictionary<string, MultiaddrProtocolInfo>(StringComparer.Ordinal);
        foreach (var info in All)
        {
            map.Add(info.Name, info);
        }

        // The legacy name of p2p; we read it and always write "p2p".
        map.Add("ipfs", map["p2p"]);
        return map;
    }
}
