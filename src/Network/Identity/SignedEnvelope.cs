using System.Text;
using RustyNode.Network.Identity.Protobuf;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Identity;

/// <summary>
/// A signed envelope (libp2p RFC 0002, ID-3): a payload, its type, and the signer's public key,
/// signed over a domain string so a signature made for one purpose cannot be replayed for another.
/// </summary>
public sealed class SignedEnvelope
{
    private const int PublicKeyField = 1;
    private const int PayloadTypeField = 2;
    private const int PayloadField = 3;
    private const int SignatureField = 5;

    private SignedEnvelope(PublicKey publicKey, byte[] payloadType, byte[] payload, byte[] signature)
    {
        PublicKey = publicKey;
        PayloadType = payloadType;
        Payload = payload;
        Signature = signature;
    }

    /// <summary>The signer's key.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>What the payload is (a multicodec, e.g. 0x03 0x01 for peer records).</summary>
    public byte[] PayloadType { get; }

    /// <summary>The signed payload.</summary>
    public byte[] Payload { get; }

    /// <summary>The signature over the domain, payload type and payload.</summary>
    public byte[] Signature { get; }

    /// <summary>Signs <paramref name="payload"/> under <paramref name="domain"/> (ID-3.2).</summary>
    public static SignedEnvelope Seal(Ed25519PrivateKey key, string domain, ReadOnlySpan<byte> payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(domain);
        var signature = key.Sign(SigningBytes(domain, payloadType, payload));
        return new SignedEnvelope(key.PublicKey, payloadType.ToArray(), payload.ToArray(), signature);
    }

    /// <summary>
    /// Decodes an envelope and verifies its signature under <paramref name="expectedDomain"/>
    /// (ID-3.3, ID-3.4).
    /// </summary>
    /// <exception cref="InvalidKeyException">Malformed, over a limit, or a bad signature.</exception>
    public static SignedEnvelope Open(ReadOnlySpan<byte> envelope, string expectedDomain)
    {
        ArgumentException.ThrowIfNullOrEmpty(expectedDomain);
        if (envelope.Length > IdentityLimits.MaxEnvelopeLength)
        {
            throw new InvalidKeyException($"Signed envelope of {envelope.Length} bytes exceeds {IdentityLimits.MaxEnvelopeLength}.");
        }

        var reader = new ProtoReader(envelope, static message => new InvalidKeyException(message));
        PublicKey? publicKey = null;
        byte[] payloadType = [], payload = [], signature = [];
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case PublicKeyField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "public_key");
                    publicKey = PublicKey.FromProtobuf(reader.ReadBytes(IdentityLimits.MaxPublicKeyProtobufLength, "public_key"));
                    break;
                case PayloadTypeField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "payload_type");
                    payloadType = reader.ReadBytes(IdentityLimits.MaxPayloadTypeLength, "payload_type").ToArray();
                    break;
                case PayloadField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "payload");
                    payload = reader.ReadBytes(IdentityLimits.MaxEnvelopeLength, "payload").ToArray();
                    break;
                case SignatureField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "signature");
                    signature = reader.ReadBytes(IdentityLimits.MaxSignatureLength, "signature").ToArray();
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        if (publicKey is null)
        {
            throw new InvalidKeyException("Signed envelope lacks its public key.");
        }

        if (!publicKey.Verify(SigningBytes(expectedDomain, payloadType, payload), signature))
        {
            throw new InvalidKeyException($"Signed envelope signature by {publicKey.ToPeerId()} is invalid for domain '{expectedDomain}'.");
        }

        return new SignedEnvelope(publicKey, payloadType, payload, signature);
    }

    /// <summary>The deterministic envelope protobuf, fields in ascending order.</summary>
    public byte[] ToBytes()
    {
        var key = PublicKey.ToProtobuf();
        var size = ProtoWriter.SizeOfBytesField(PublicKeyField, key.Length)
            + ProtoWriter.SizeOfBytesField(PayloadTypeField, PayloadType.Length)
            + ProtoWriter.SizeOfBytesField(PayloadField, Payload.Length)
            + ProtoWriter.SizeOfBytesField(SignatureField, Signature.Length);
        var result = new byte[size];
        var writer = new ProtoWriter(result);
        writer.WriteBytesField(PublicKeyField, key);
        writer.WriteBytesField(PayloadTypeField, PayloadType);
        writer.WriteBytesField(PayloadField, Payload);
        writer.WriteBytesField(SignatureField, Signature);
        return result;
    }

    /// <summary>
    /// What is signed (ID-3.2): varint(len(domain)) domain varint(len(type)) type
    /// varint(len(payload)) payload.
    /// </summary>
    internal static byte[] SigningBytes(string domain, ReadOnlySpan<byte> payloadType, ReadOnlySpan<byte> payload)
    {
        var domainLength = Encoding.UTF8.GetByteCount(domain);
        if (domainLength > IdentityLimits.MaxDomainLength)
        {
            throw new ArgumentException($"Envelope domain of {domainLength} bytes exceeds {IdentityLimits.MaxDomainLength}.", nameof(domain));
        }

        var result = new byte[Varint.GetSize((ulong)domainLength) + domainLength
            + Varint.GetSize((ulong)payloadType.Length) + payloadType.Length
            + Varint.GetSize((ulong)payload.Length) + payload.Length];
        var span = result.AsSpan();
        span = span[Varint.Write(span, (ulong)domainLength)..];
        span = span[Encoding.UTF8.GetBytes(domain, span)..];
        span = span[Varint.Write(span, (ulong)payloadType.Length)..];
        payloadType.CopyTo(span);
        span = span[payloadType.Length..];
        span = span[Varint.Write(span, (ulong)payload.Length)..];
        payload.CopyTo(span);
        return result;
    }
}
