using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Addressing;

/// <summary>Converts each protocol's value between its text and binary forms (MA-2, MA-3).</summary>
internal static class MultiaddrValueCodec
{
    /// <summary>The multicodec of a libp2p public key, as it appears in a peer id CID.</summary>
    private const ulong Libp2pKeyCodec = 0x72;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Formats a value that <see cref="Validate"/> accepted.</summary>
    public static string Format(MultiaddrProtocolInfo info, ReadOnlySpan<byte> value) => info.Code switch
    {
        MultiaddrProtocol.Ip4 or MultiaddrProtocol.Ip6 => new IPAddress(value).ToString(),
        MultiaddrProtocol.Tcp or MultiaddrProtocol.Udp =>
            BinaryPrimitives.ReadUInt16BigEndian(value).ToString(CultureInfo.InvariantCulture),
        MultiaddrProtocol.Dns or MultiaddrProtocol.Dns4 or MultiaddrProtocol.Dns6 => Encoding.UTF8.GetString(value),
        MultiaddrProtocol.P2p => Base58.Encode(value),
        _ => string.Empty,
    };

    /// <summary>Checks a binary value; returns why it is invalid, or null when it is valid.</summary>
    public static string? Validate(MultiaddrProtocolInfo info, ReadOnlySpan<byte> value)
    {
        switch (info.Code)
        {
            case MultiaddrProtocol.Dns or MultiaddrProtocol.Dns4 or MultiaddrProtocol.Dns6:
                return ValidateDnsName(info, value);
            case MultiaddrProtocol.P2p:
                return ValidatePeerId(value);
            default:
                return null;
        }
    }

    /// <summary>
    /// Writes the binary value of <paramref name="text"/> (with its length prefix where the
    /// protocol has one) to <paramref name="writer"/>.
    /// </summary>
    public static bool TryEncode(MultiaddrProtocolInfo info, string text, IBufferWriter<byte> writer, out string? error)
    {
        switch (info.Code)
        {
            case MultiaddrProtocol.Ip4:
                return TryEncodeIp4(text, writer, out error);
            case MultiaddrProtocol.Ip6:
                return TryEncodeIp6(text, writer, out error);
            case MultiaddrProtocol.Tcp or MultiaddrProtocol.Udp:
                return TryEncodePort(info, text, writer, out error);
            case MultiaddrProtocol.Dns or MultiaddrProtocol.Dns4 or MultiaddrProtocol.Dns6:
                return TryEncodeDnsName(info, text, writer, out error);
            case MultiaddrProtocol.P2p:
                return TryEncodePeerId(text, writer, out error);
            default:
                error = $"Protocol {info.Name} takes no value.";
                return false;
        }
    }

    private static bool TryEncodeIp4(string text, IBufferWriter<byte> writer, out string? error)
    {
        // Strict dotted quad: IPAddress.TryParse would also take "1", "0x7f.1" or "127.1".
        var span = writer.GetSpan(4);
        var part = 0;
        var rest = text.AsSpan();
        while (part < 4)
        {
            var dot = rest.IndexOf('.');
            var digits = dot < 0 ? rest : rest[..dot];
            if (digits.Length is 0 or > 3 || (digits.Length > 1 && digits[0] == '0')
                || !byte.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var octet))
            {
                error = $"'{text}' is not a dotted-quad IPv4 address.";
                return false;
            }

            span[part++] = octet;
            rest = dot < 0 ? [] : rest[(dot + 1)..];
            if ((dot < 0) != (part == 4))
            {
                error = $"'{text}' is not a dotted-quad IPv4 address.";
                return false;
            }
        }

        writer.Advance(4);
        error = null;
        return true;
    }

    private static bool TryEncodeIp6(string text, IBufferWriter<byte> writer, out string? error)
    {
        if (!text.Contains(':', StringComparison.Ordinal) || text.Contains('%', StringComparison.Ordinal)
            || text.Contains('[', StringComparison.Ordinal)
            || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            error = $"'{text}' is not an IPv6 address.";
            return false;
        }

        address.TryWriteBytes(writer.GetSpan(16), out _);
        writer.Advance(16);
        error = null;
        return true;
    }

    private static bool TryEncodePort(MultiaddrProtocolInfo info, string text, IBufferWriter<byte> writer, out string? error)
    {
        if (text.Length is 0 or > 5 || !ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            error = $"'{text}' is not a {info.Name} port (0-65535).";
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(writer.GetSpan(2), port);
        writer.Advance(2);
        error = null;
        return true;
    }

    private static bool TryEncodeDnsName(MultiaddrProtocolInfo info, string text, IBufferWriter<byte> writer, out string? error)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount is 0 or > MultiaddrLimits.MaxDnsNameBytes)
        {
            error = $"A {info.Name} name must be 1 to {MultiaddrLimits.MaxDnsNameBytes} bytes long.";
            return false;
        }

        Varint.Write(writer, (ulong)byteCount);
        writer.Advance(Encoding.UTF8.GetBytes(text, writer.GetSpan(byteCount)));
        error = null;
        return true;
    }

    private static bool TryEncodePeerId(string text, IBufferWriter<byte> writer, out string? error)
    {
        byte[] multihash;
        try
        {
            multihash = DecodePeerIdText(text);
        }
        catch (MultiformatException ex)
        {
            error = $"'{text}' is not a peer id: {ex.Message}";
            return false;
        }

        error = ValidatePeerId(multihash);
        if (error is not null)
        {
            return false;
        }

        Varint.Write(writer, (ulong)multihash.Length);
        multihash.CopyTo(writer.GetSpan(multihash.Length));
        writer.Advance(multihash.Length);
        return true;
    }

    /// <summary>
    /// A peer id in text: a bare base58btc multihash ("Qm…", "1…", "12D3KooW…"), or a CIDv1 with
    /// the libp2p-key codec in multibase base32 ("b…") or base58btc ("z…").
    /// </summary>
    private static byte[] DecodePeerIdText(string text)
    {
        if (text.Length == 0)
        {
            throw new MultiformatException("Empty peer id.");
        }

        if (text[0] is 'Q' or '1')
        {
            return Base58.Decode(text);
        }

        var cid = text[0] switch
        {
            'b' or 'B' when text.Length <= Base58.MaxEncodedLength => Base32.Decode(text.AsSpan(1)),
            'z' => Base58.Decode(text.AsSpan(1)),
            _ => throw new MultiformatException($"Unsupported multibase prefix '{text[0]}'."),
        };
        if (!Varint.TryRead(cid, out var version, out var versionSize) || version != 1
            || !Varint.TryRead(cid.AsSpan(versionSize), out var codec, out var codecSize) || codec != Libp2pKeyCodec)
        {
            throw new MultiformatException("Not a CIDv1 with the libp2p-key codec.");
        }

        return cid[(versionSize + codecSize)..];
    }

    private static string? ValidatePeerId(ReadOnlySpan<byte> value)
    {
        if (value.Length > MultiaddrLimits.MaxPeerIdBytes)
        {
            return $"A p2p value of {value.Length} bytes exceeds {MultiaddrLimits.MaxPeerIdBytes}.";
        }

        try
        {
            Multihash.Decode(value, out _, out _);
            return null;
        }
        catch (MultiformatException ex)
        {
            return "A p2p value is not a multihash: " + ex.Message;
        }
    }

    private static string? ValidateDnsName(MultiaddrProtocolInfo info, ReadOnlySpan<byte> value)
    {
        if (value.Length is 0 or > MultiaddrLimits.MaxDnsNameBytes)
        {
            return $"A {info.Name} name must be 1 to {MultiaddrLimits.MaxDnsNameBytes} bytes long.";
        }

        if (value.Contains((byte)'/'))
        {
            return $"A {info.Name} name must not contain '/'.";
        }

        try
        {
            StrictUtf8.GetCharCount(value);
            return null;
        }
        catch (DecoderFallbackException)
        {
            return $"A {info.Name} name is not valid UTF-8.";
        }
    }
}
