using System.Buffers;
using System.Text;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Multistream;

/// <summary>
/// The multistream-select message framing (MSS-1): an unsigned varint length, then that many
/// bytes of UTF-8 text whose last byte is '\n'. The length counts the newline.
/// </summary>
public static class MultistreamCodec
{
    /// <summary>The protocol id of multistream-select 1.0, sent first by both sides.</summary>
    public const string Header = "/multistream/1.0.0";

    /// <summary>The refusal ("not available").</summary>
    public const string NotAvailable = "na";

    /// <summary>The request to list protocols.</summary>
    public const string List = "ls";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Size in bytes of the framed message carrying <paramref name="text"/>.</summary>
    public static int GetSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = Encoding.UTF8.GetByteCount(text) + 1;
        return Varint.GetSize((ulong)length) + length;
    }

    /// <summary>Writes <paramref name="text"/> as one framed message (adds the newline).</summary>
    /// <exception cref="ArgumentException">Empty, contains a newline, or longer than the limit.</exception>
    public static void Write(IBufferWriter<byte> writer, string text)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ValidateProtocolId(text);
        var length = Encoding.UTF8.GetByteCount(text) + 1;
        var span = writer.GetSpan(Varint.MaxLength + length);
        var offset = Varint.Write(span, (ulong)length);
        offset += Encoding.UTF8.GetBytes(text, span[offset..]);
        span[offset++] = (byte)'\n';
        writer.Advance(offset);
    }

    /// <summary>Checks that <paramref name="text"/> can be sent as a protocol id.</summary>
    /// <exception cref="ArgumentException">Empty, contains a newline, or longer than the limit.</exception>
    public static void ValidateProtocolId(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("A protocol id must be non-empty and contain no newline.", nameof(text));
        }

        if (Encoding.UTF8.GetByteCount(text) + 1 > MultistreamLimits.MaxMessageLength)
        {
            throw new ArgumentException($"Protocol id '{text}' is longer than {MultistreamLimits.MaxMessageLength - 1} bytes.", nameof(text));
        }
    }

    /// <summary>
    /// Reads one message from the start of <paramref name="buffer"/>. On success
    /// <paramref name="buffer"/> is sliced to just past the message and <paramref name="payload"/>
    /// holds the text bytes without the newline.
    /// </summary>
    /// <returns>False when the message is not complete yet; <paramref name="buffer"/> is unchanged.</returns>
    /// <exception cref="MultistreamException">Bad varint, zero or over-limit length, or no trailing newline.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        var reader = new SequenceReader<byte>(buffer);
        int length;
        try
        {
            if (!Varint.TryReadLength(ref reader, MultistreamLimits.MaxMessageLength, out length))
            {
                return false;
            }
        }
        catch (MultiformatException ex)
        {
            throw new MultistreamException("Malformed multistream message length: " + ex.Message, ex);
        }

        if (length == 0)
        {
            throw new MultistreamException("Empty multistream message (no newline).");
        }

        if (reader.Remaining < length)
        {
            return false;
        }

        var message = buffer.Slice(reader.Position, length);
        var newline = message.Slice(length - 1);
        if (newline.FirstSpan[0] != (byte)'\n')
        {
            throw new MultistreamException("Multistream message does not end with a newline.");
        }

        payload = message.Slice(0, length - 1);
        buffer = buffer.Slice(message.End);
        return true;
    }

    /// <summary>
    /// Reads one message and decodes its text. When the text equals one of
    /// <paramref name="known"/>, that instance is returned and nothing is allocated.
    /// </summary>
    /// <exception cref="MultistreamException">As <see cref="TryRead(ref ReadOnlySequence{byte}, out ReadOnlySequence{byte})"/>, or invalid UTF-8.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out string text, ReadOnlySpan<string> known = default)
    {
        if (!TryRead(ref buffer, out ReadOnlySequence<byte> payload))
        {
            text = string.Empty;
            return false;
        }

        text = Decode(payload, known);
        return true;
    }

    private static string Decode(ReadOnlySequence<byte> payload, ReadOnlySpan<string> known)
    {
        if (!payload.IsSingleSegment)
        {
            // At most MaxMessageLength bytes (checked on the prefix), so the stack holds it.
            Span<byte> bytes = stackalloc byte[MultistreamLimits.MaxMessageLength];
            return Decode(CopyTo(payload, bytes), known);
        }

        return Decode(payload.FirstSpan, known);
    }

    private static string Decode(ReadOnlySpan<byte> span, ReadOnlySpan<string> known)
    {
        foreach (var candidate in known)
        {
            if (Utf8Equals(span, candidate))
            {
                return candidate;
            }
        }

        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new MultistreamException("Multistream message is not valid UTF-8.", ex);
        }
    }

    private static ReadOnlySpan<byte> CopyTo(ReadOnlySequence<byte> payload, Span<byte> destination)
    {
        payload.CopyTo(destination);
        return destination[..(int)payload.Length];
    }

    private static bool Utf8Equals(ReadOnlySpan<byte> utf8, string text)
    {
        // UTF-8 never takes fewer bytes than UTF-16 code units, which rules most candidates out.
        if (utf8.Length < text.Length)
        {
            return false;
        }

        // Protocol ids are nearly always ASCII: then bytes and chars correspond one to one.
        if (Ascii.IsValid(text))
        {
            return utf8.Length == text.Length && Ascii.Equals(utf8, text);
        }

        Span<byte> encoded = stackalloc byte[MultistreamLimits.MaxMessageLength];
        return Encoding.UTF8.TryGetBytes(text, encoded, out var written) && encoded[..written].SequenceEqual(utf8);
    }
}
