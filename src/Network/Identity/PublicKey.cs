using RustyNode.Network.Identity.Protobuf;

namespace RustyNode.Network.Identity;

/// <summary>
/// A libp2p public key of any supported type (ID-1). Two keys are equal when their type and
/// encoded bytes are equal. Instances are immutable and validated on construction.
/// </summary>
public abstract class PublicKey : IEquatable<PublicKey>
{
    private const int TypeField = 1;
    private const int DataField = 2;

    private readonly byte[] _data;

    private protected PublicKey(byte[] data)
    {
        _data = data;
    }

    /// <summary>The key type written in the protobuf.</summary>
    public abstract KeyType Type { get; }

    /// <summary>The type-specific key encoding (the protobuf Data field).</summary>
    public ReadOnlySpan<byte> Data => _data;

    public static bool operator ==(PublicKey? left, PublicKey? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(PublicKey? left, PublicKey? right) => !(left == right);

    /// <summary>
    /// Decodes a libp2p PublicKey protobuf (ID-1.2). Fields may come in any order; unknown fields
    /// are skipped; both Type and Data are required.
    /// </summary>
    /// <exception cref="InvalidKeyException">Malformed, over a limit, unsupported type or invalid key.</exception>
    public static PublicKey FromProtobuf(ReadOnlySpan<byte> protobuf)
    {
        if (protobuf.Length > IdentityLimits.MaxPublicKeyProtobufLength)
        {
            throw new InvalidKeyException(
                $"PublicKey protobuf of {protobuf.Length} bytes exceeds {IdentityLimits.MaxPublicKeyProtobufLength}.");
        }

        ReadKeyProtobuf(protobuf, IdentityLimits.MaxPublicKeyProtobufLength, out var type, out var data);
        return type switch
        {
            KeyType.Ed25519 => new Ed25519PublicKey(data),
            KeyType.Secp256k1 => new Secp256k1PublicKey(data),
            KeyType.ECDSA => new EcdsaPublicKey(data),
            KeyType.RSA => new RsaPublicKey(data),
            _ => throw new InvalidKeyException($"Key type {(int)type} is not supported."),
        };
    }

    /// <summary>Checks a signature made by the matching private key over <paramref name="data"/>.</summary>
    /// <returns><c>false</c> for a wrong or malformed signature.</returns>
    public abstract bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    /// <summary>The deterministic PublicKey protobuf: field 1 (type), then field 2 (data).</summary>
    public byte[] ToProtobuf()
    {
        var size = ProtobufSize;
        var result = new byte[size];
        var writer = new ProtoWriter(result);
        writer.WriteVarintField(TypeField, (ulong)Type);
        writer.WriteBytesField(DataField, _data);
        return result;
    }

    /// <summary>Length of <see cref="ToProtobuf"/>'s output.</summary>
    public int ProtobufSize =>
        ProtoWriter.SizeOfVarintField(TypeField, (ulong)Type) + ProtoWriter.SizeOfBytesField(DataField, _data.Length);

    /// <summary>The peer id of this key.</summary>
    public PeerId ToPeerId() => PeerId.FromPublicKey(this);

    public bool Equals(PublicKey? other) =>
        other is not null && other.Type == Type && other._data.AsSpan().SequenceEqual(_data);

    public override bool Equals(object? obj) => obj is PublicKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Type);
        hash.AddBytes(_data);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{Type} public key {Convert.ToHexStringLower(_data)}";

    /// <summary>Reads the shared PublicKey/PrivateKey protobuf shape.</summary>
    internal static void ReadKeyProtobuf(ReadOnlySpan<byte> protobuf, int maxData, out KeyType type, out byte[] data)
    {
        var reader = new ProtoReader(protobuf, static message => new InvalidKeyException(message));
        ulong? rawType = null;
        byte[]? rawData = null;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case TypeField:
                    reader.Expect(wireType, ProtoReader.WireVarint, "Type");
                    rawType = reader.ReadVarint();
                    break;
                case DataField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "Data");
                    rawData = reader.ReadBytes(maxData, "Data").ToArray();
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        if (rawType is null || rawData is null)
        {
            throw new InvalidKeyException("Key protobuf lacks its required Type or Data field.");
        }

        if (rawType > (ulong)KeyType.ECDSA)
        {
            throw new InvalidKeyException($"Key type {rawType} is not supported.");
        }

        type = (KeyType)rawType.Value;
        data = rawData;
    }
}
