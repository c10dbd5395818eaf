using System.Buffers.Text;

namespace RustyNode.Network.PubSub;

/// <summary>
/// A message id (PS-4): opaque bytes compared by value. The hash is computed once, with the
/// process's randomized seed, so ids chosen by a peer cannot be made to collide in our tables.
/// </summary>
public readonly struct MessageId : IEquatable<MessageId>
{
    private readonly byte[]? _bytes;
    private readonly int _hash;

    /// <summary>Wraps <paramref name="bytes"/> (not copied; the caller gives up the array).</summary>
    public MessageId(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        _bytes = bytes;
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        _hash = hash.ToHashCode();
    }

    /// <summary>The id's bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>Length in bytes.</summary>
    public int Length => _bytes?.Length ?? 0;

    public static bool operator ==(MessageId left, MessageId right) => left.Equals(right);

    public static bool operator !=(MessageId left, MessageId right) => !left.Equals(right);

    /// <summary>A copy of the id's bytes.</summary>
    public byte[] ToArray() => Span.ToArray();

    public bool Equals(MessageId other) => _hash == other._hash && Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is MessageId other && Equals(other);

    public override int GetHashCode() => _hash;

    /// <summary>Base64 of the id, as js-libp2p prints them.</summary>
    public override string ToString() => _bytes is null ? string.Empty : Convert.ToBase64String(_bytes);

    /// <summary>Parses the base64 form of <see cref="ToString"/>; false when it is not base64.</summary>
    public static bool TryParse(string text, out MessageId id)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            id = new MessageId(buffer.AsSpan(0, written).ToArray());
            return true;
        }

        id = default;
        return false;
    }
}
