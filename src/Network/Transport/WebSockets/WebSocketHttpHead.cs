using System.Buffers;
using System.Text;

namespace RustyNode.Network.Transport.WebSockets;

/// <summary>
/// The head of an HTTP/1.1 request or response of the opening handshake (WS-1): the start line and
/// the header fields, read up to and including the blank line. Bytes after the head belong to the
/// WebSocket frames and are left unread.
/// </summary>
/// <param name="StartLine">"GET /path HTTP/1.1" or "HTTP/1.1 101 Switching Protocols".</param>
/// <param name="Headers">Header fields in arrival order; names keep their case, values are trimmed.</param>
public sealed record WebSocketHttpHead(string StartLine, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    /// <summary>The value of header <paramref name="name"/> (case-insensitive); several fields join with ", "; null when absent.</summary>
    public string? Get(string name)
    {
        string? value = null;
        foreach (var (key, field) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = value is null ? field : $"{value}, {field}";
            }
        }

        return value;
    }

    /// <summary>True when header <paramref name="name"/> lists <paramref name="token"/> (comma-separated, case-insensitive).</summary>
    public bool HasToken(string name, string token)
    {
        var value = Get(name);
        if (value is null)
        {
            return false;
        }

        foreach (var part in value.Split(','))
        {
            if (string.Equals(part.Trim(), token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads a head from the start of <paramref name="buffer"/> and slices it off on success; false
    /// when the blank line has not arrived yet (<paramref name="buffer"/> unchanged).
    /// </summary>
    /// <exception cref="WebSocketHandshakeException">
    /// The head is longer than <see cref="WebSocketLimits.MaxHandshakeHeadLength"/> or has more than
    /// <see cref="WebSocketLimits.MaxHandshakeHeaderCount"/> fields (431), or is malformed (400).
    /// </exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out WebSocketHttpHead? head)
    {
        head = null;
        var window = buffer.Slice(0, Math.Min(buffer.Length, WebSocketLimits.MaxHandshakeHeadLength));
        var reader = new SequenceReader<byte>(window);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> text, EndOfHead, advancePastDelimiter: true))
        {
            if (buffer.Length >= WebSocketLimits.MaxHandshakeHeadLength)
            {
                throw new WebSocketHandshakeException(431, $"The HTTP head is longer than {WebSocketLimits.MaxHandshakeHeadLength} bytes.");
            }

            return false;
        }

        head = Parse(text);
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    /// <summary>Writes the head, with CRLF line ends and the closing blank line.</summary>
    public void Write(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var text = new StringBuilder(StartLine).Append("\r\n");
        foreach (var (name, value) in Headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        text.Append("\r\n");
        var length = Encoding.ASCII.GetByteCount(text.ToString());
        Encoding.ASCII.GetBytes(text.ToString(), writer.GetSpan(length));
        writer.Advance(length);
    }

    private static WebSocketHttpHead Parse(ReadOnlySequence<byte> text)
    {
        // Latin-1 keeps every byte as one char: nothing is lost, nothing throws.
        var lines = Encoding.Latin1.GetString(text).Split("\r\n");
        if (lines[0].Length == 0)
        {
            throw new WebSocketHandshakeException("The HTTP head has no start line.");
        }

        if (lines.Length - 1 > WebSocketLimits.MaxHandshakeHeaderCount)
        {
            throw new WebSocketHandshakeException(431, $"The HTTP head has more than {WebSocketLimits.MaxHandshakeHeaderCount} header fields.");
        }

        var headers = new List<KeyValuePair<string, string>>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t' || line.AsSpan(0, colon).ContainsAny(" \t\r\n"))
            {
                throw new WebSocketHandshakeException($"Malformed HTTP header line \"{Printable(line)}\".");
            }

            headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        return new WebSocketHttpHead(lines[0], headers);
    }

    private static string Printable(string line) => line.Length <= 64 ? line : line[..64] + "…";
}
