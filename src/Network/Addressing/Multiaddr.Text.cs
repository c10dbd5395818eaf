using System.Buffers;
using System.Text;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Addressing;

/// <summary>The text form: "/name/value" per component (MA-3).</summary>
public sealed partial class Multiaddr
{
    /// <summary>Parses the text form, e.g. <c>/dns4/example.com/tcp/443/wss</c>.</summary>
    /// <exception cref="MultiaddrException">Malformed, an unknown protocol name, or over a limit.</exception>
    public static Multiaddr Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParseCore(text, out var bytes, out var error))
        {
            throw new MultiaddrException(error);
        }

        return bytes.Length == 0 ? Empty : FromValidatedBytes(bytes);
    }

    /// <summary>Parses the text form, or returns false when it is invalid.</summary>
    public static bool TryParse(string? text, out Multiaddr? multiaddr)
    {
        multiaddr = null;
        if (text is null || !TryParseCore(text, out var bytes, out _))
        {
            return false;
        }

        try
        {
            multiaddr = bytes.Length == 0 ? Empty : FromValidatedBytes(bytes);
            return true;
        }
        catch (MultiaddrException)
        {
            return false;
        }
    }

    private static bool TryParseCore(string text, out byte[] bytes, out string error)
    {
        bytes = [];
        if (text.Length > MultiaddrLimits.MaxTextLength)
        {
            error = $"Multiaddr text of {text.Length} characters exceeds {MultiaddrLimits.MaxTextLength}.";
            return false;
        }

        if (text.Length == 0 || text[0] != '/')
        {
            error = $"Multiaddr '{text}' does not start with '/'.";
            return false;
        }

        // One trailing slash is tolerated ("/ip4/1.2.3.4/tcp/1/"), as other implementations do.
        var body = text.AsSpan(1);
        if (body.Length > 0 && body[^1] == '/')
        {
            body = body[..^1];
        }

        var writer = new ArrayBufferWriter<byte>(32);
        var parts = body.IsEmpty ? [] : body.ToString().Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryEncodePart(parts, ref i, writer, out error))
            {
                return false;
            }

            if (writer.WrittenCount > MultiaddrLimits.MaxBytes)
            {
                error = $"Multiaddr exceeds {MultiaddrLimits.MaxBytes} bytes.";
                return false;
            }
        }

        bytes = writer.WrittenSpan.ToArray();
        error = string.Empty;
        return true;
    }

    private static bool TryEncodePart(string[] parts, ref int index, ArrayBufferWriter<byte> writer, out string error)
    {
        var name = parts[index];
        if (name.Length == 0)
        {
            error = "Multiaddr has an empty component ('//').";
            return false;
        }

        var info = MultiaddrProtocolInfo.FromName(name);
        if (info is null)
        {
            error = $"Multiaddr protocol '{name}' is not supported.";
            return false;
        }

        Varint.Write(writer, (ulong)info.Code);
        if (info.Kind == MultiaddrValueKind.None)
        {
            error = string.Empty;
            return true;
        }

        if (++index >= parts.Length)
        {
            error = $"Multiaddr protocol '{name}' is missing its value.";
            return false;
        }

        if (!MultiaddrValueCodec.TryEncode(info, parts[index], writer, out var valueError))
        {
            error = valueError ?? $"Invalid {name} value.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private string Format()
    {
        if (_components.Length == 0)
        {
            return "/";
        }

        var builder = new StringBuilder(_bytes.Length * 3);
        foreach (var component in _components)
        {
            var info = MultiaddrProtocolInfo.FromCode((ulong)component.Code)!;
            builder.Append('/').Append(info.Name);
            if (info.Kind != MultiaddrValueKind.None)
            {
                builder.Append('/').Append(MultiaddrValueCodec.Format(info, component.Value.Span));
            }
        }

        return builder.ToString();
    }
}
