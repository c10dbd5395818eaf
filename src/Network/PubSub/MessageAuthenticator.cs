using System.Buffers;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub.Messages;

namespace RustyNode.Network.PubSub;

/// <summary>
/// Applies a signature policy to received messages (PS-5.3): which fields must be present or
/// absent, who the author is, and whether the signature verifies. Authors' keys are parsed once and
/// cached (bounded). Thread safe; verification runs on the caller's thread, outside the router's lock.
/// </summary>
internal sealed class MessageAuthenticator
{
    private const int MaxCachedAuthors = 10_000;
    private const int MaxSeqnoLength = 8;

    private readonly Lock _lock = new();
    private readonly Dictionary<byte[], MessageAuthor> _authors = new(ByteArrayComparer.Instance);

    /// <summary>Checks the fields under <paramref name="policy"/> and finds the author.</summary>
    /// <returns>Null when the fields are acceptable, otherwise why not.</returns>
    public string? CheckFields(PubSubMessage message, SignaturePolicy policy, out MessageAuthor? author)
    {
        author = null;
        if (policy == SignaturePolicy.StrictNoSign)
        {
            return message.From is not null || message.Seqno is not null || message.Signature is not null || message.Key is not null
                ? "StrictNoSign forbids from, seqno, signature and key"
                : null;
        }

        if (message.From is not { } from || message.Seqno is not { } seqno || message.Signature is not { } signature)
        {
            return "StrictSign requires from, seqno and signature";
        }

        // js-libp2p's floodsub writes its random seqno without leading zero bytes, so shorter
        // seqnos are honest; an empty or longer one is not a 64-bit number.
        if (seqno.Length is 0 or > MaxSeqnoLength)
        {
            return $"seqno is {seqno.Length} bytes, not 1 to {MaxSeqnoLength}";
        }

        if (signature.Length == 0)
        {
            return "the signature is empty";
        }

        author = GetAuthor(from.Span, message.Key);
        return author is null ? "the author's peer id or key is invalid" : null;
    }

    /// <summary>True when the message's signature by <paramref name="author"/> verifies (PS-5.2).</summary>
    public static bool Verify(PubSubMessage message, MessageAuthor author)
    {
        var size = PubSubMessageCodec.GetSigningBytesSize(message);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var written = PubSubMessageCodec.WriteSigningBytes(message, buffer);
            return author.Key.Verify(buffer.AsSpan(0, written), message.Signature!.Value.Span);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private MessageAuthor? GetAuthor(ReadOnlySpan<byte> from, ReadOnlyMemory<byte>? key)
    {
        lock (_lock)
        {
            if (_authors.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(from, out var cached))
            {
                return key is null || key.Value.Span.SequenceEqual(cached.KeyProtobuf) ? cached : null;
            }
        }

        var author = ParseAuthor(from, key);
        if (author is not null && key is null)
        {
            // Only authors whose key is inlined in their peer id are cached by peer id alone.
            lock (_lock)
            {
                if (_authors.Count >= MaxCachedAuthors)
                {
                    _authors.Clear();
                }

                _authors.TryAdd(from.ToArray(), author);
            }
        }

        return author;
    }

    private static MessageAuthor? ParseAuthor(ReadOnlySpan<byte> from, ReadOnlyMemory<byte>? key)
    {
        try
        {
            var peer = PeerId.FromBytes(from);
            PublicKey? publicKey;
            if (key is { } keyBytes)
            {
                publicKey = PublicKey.FromProtobuf(keyBytes.Span);
                if (!peer.Matches(publicKey))
                {
                    return null;
                }
            }
            else if (!peer.TryGetPublicKey(out publicKey))
            {
                return null;
            }

            return new MessageAuthor(peer, publicKey, publicKey.ToProtobuf());
        }
        catch (Exception ex) when (ex is Libp2pProtocolException or ArgumentException or FormatException)
        {
            return null;
        }
    }
}
