using System.Security.Cryptography;
using RustyNode.Network.PubSub.Messages;

namespace RustyNode.Network.PubSub;

/// <summary>The message id functions of PS-4.</summary>
public static class MessageIds
{
    /// <summary>
    /// The default under StrictSign (PS-4.2): the author's public key protobuf followed by the seqno
    /// as 8 bytes (a shorter seqno left-padded with zeros), as js-libp2p 2.x computes it from the
    /// seqno's value. (go-libp2p uses the author's peer id bytes and the seqno as received:
    /// <see cref="FromAndSeqno"/>.)
    /// </summary>
    public static byte[] KeyAndSeqno(PubSubMessage message, ReadOnlySpan<byte> authorKeyProtobuf)
    {
        ArgumentNullException.ThrowIfNull(message);
        var seqno = message.Seqno is { } s ? s.Span : default;
        var padded = Math.Max(seqno.Length, 8);
        var id = new byte[authorKeyProtobuf.Length + padded];
        authorKeyProtobuf.CopyTo(id);
        seqno.CopyTo(id.AsSpan(authorKeyProtobuf.Length + padded - seqno.Length));
        return id;
    }

    /// <summary>The original pubsub id: the from field's bytes followed by the seqno (go-libp2p's default).</summary>
    public static byte[] FromAndSeqno(PubSubMessage message, ReadOnlySpan<byte> authorKeyProtobuf)
    {
        ArgumentNullException.ThrowIfNull(message);
        var from = message.From is { } f ? f.Span : default;
        var seqno = message.Seqno is { } s ? s.Span : default;
        var id = new byte[from.Length + seqno.Length];
        from.CopyTo(id);
        seqno.CopyTo(id.AsSpan(from.Length));
        return id;
    }

    /// <summary>The default under StrictNoSign (PS-4.2): SHA-256 of the data, as js-libp2p computes it.</summary>
    public static byte[] Sha256OfData(PubSubMessage message, ReadOnlySpan<byte> authorKeyProtobuf)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SHA256.HashData(message.DataSpan);
    }

    /// <summary>The default function for <paramref name="policy"/>.</summary>
    public static MessageIdFunction Default(SignaturePolicy policy) => policy == SignaturePolicy.StrictSign ? KeyAndSeqno : Sha256OfData;
}
