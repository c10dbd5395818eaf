using System.Diagnostics.CodeAnalysis;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Identity;

/// <summary>
/// A peer's identity: the multihash of its PublicKey protobuf (ID-2). Identity multihash when the
/// protobuf is at most 42 bytes (Ed25519, secp256k1), sha2-256 otherwise (RSA, ECDSA).
/// Immutable, compared by bytes, usable as a dictionary key.
/// </summary>
public sealed class PeerId : IEquatable<PeerId>
{
    /// <summary>The libp2p-key multicodec of peer id CIDs.</summary>
    public const ulong Libp2pKeyCodec = 0x72;

    private const ulong CidVersion1 = 1;

    private readonly byte[] _multihash;
    private readonly int _hashCode;
    private string? _text;

    private PeerId(byte[] multihash)
    {
        _multihash = multihash;
        var hash = default(HashCode);
        hash.AddBytes(multihash);
        _hashCode = hash.ToHashCode();
    }

    public static bool operator ==(PeerId? left, PeerId? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(PeerId? left, PeerId? right) => !(left == right);

    /// <summary>The peer id of <paramref name="publicKey"/> (ID-2.1).</summary>
    public static PeerId FromPublicKey(PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var protobuf = publicKey.ToProtobuf();
        return new PeerId(protobuf.Length <= IdentityLimits.MaxInlineKeyLength
            ? Multihash.Identity(protobuf)
            : Multihash.Sha256(protobuf));
    }

    /// <summary>Validates and wraps a binary peer id (a multihash, ID-2.2).</summary>
    /// <exception cref="InvalidKeyException">Not an identity or sha2-256 multihash of the right shape.</exception>
    public static PeerId FromBytes(ReadOnlySpan<byte> multihash)
    {
        ulong code;
        ReadOnlySpan<byte> digest;
        try
        {
            Multihash.Decode(multihash, out code, out digest);
        }
        catch (MultiformatException ex)
        {
            throw new InvalidKeyException($"Peer id is not a valid multihash: {ex.Message}", ex);
        }

        switch (code)
        {
            case Multihash.Sha256Code when digest.Length == 32:
                break;
            case Multihash.IdentityCode when digest.Length <= IdentityLimits.MaxInlineKeyLength:
                // The inlined bytes must be a key we can decode, or the id proves nothing.
                _ = PublicKey.FromProtobuf(digest);
                break;
            default:
                throw new InvalidKeyException(
                    $"Peer id multihash code 0x{code:x} with a {digest.Length}-byte digest is neither identity (<= 42) nor sha2-256 (32).");
        }

        return new PeerId(multihash.ToArray());
    }

    /// <summary>
    /// Parses a base58btc peer id ("12D3...", "Qm...") or a CIDv1 peer id in base32 ("b...") or
    /// base58btc ("z...") with the libp2p-key codec (ID-2.3).
    /// </summary>
    /// <exception cref="InvalidKeyException">Anything else.</exception>
    public static PeerId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is 0 or > IdentityLimits.MaxPeerIdTextLength)
        {
            throw new InvalidKeyException($"Peer id text of {text.Length} characters is empty or too long.");
        }

        try
        {
            return text[0] switch
            {
                '1' or 'Q' => FromBytes(Base58.Decode(text)),
                'b' or 'B' => FromCid(Base32.Decode(text.AsSpan(1))),
                'z' => FromCid(Base58.Decode(text.AsSpan(1))),
                _ => throw new InvalidKeyException($"'{text}' is neither a base58btc multihash nor a CIDv1 peer id."),
            };
        }
        catch (MultiformatException ex)
        {
            throw new InvalidKeyException($"'{text}' is not a valid peer id: {ex.Message}", ex);
        }
    }

    /// <summary>Like <see cref="Parse"/>, but returns false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out PeerId? peerId)
    {
        peerId = null;
        if (text is null)
        {
            return false;
        }

        try
        {
            peerId = Parse(text);
            return true;
        }
        catch (InvalidKeyException)
        {
            return false;
        }
    }

    /// <summary>The multihash bytes (a copy).</summary>
    public byte[] ToBytes() => (byte[])_multihash.Clone();

    /// <summary>The multihash bytes without a copy.</summary>
    public ReadOnlySpan<byte> AsSpan() => _multihash;

    /// <summary>The canonical text form: base58btc of the multihash.</summary>
    public override string ToString() => _text ??= Base58.Encode(_multihash);

    /// <summary>The CIDv1 text form: "b" + base32(0x01, 0x72, multihash).</summary>
    public string ToCidString()
    {
        var cid = new byte[2 + _multihash.Length];
        cid[0] = (byte)CidVersion1;
        cid[1] = (byte)Libp2pKeyCodec;
        _multihash.CopyTo(cid, 2);
        return "b" + Base32.Encode(cid);
    }

    /// <summary>Extracts the public key inlined in an identity-multihash peer id.</summary>
    /// <returns><c>false</c> for a sha2-256 peer id, which does not carry its key.</returns>
    public bool TryGetPublicKey([NotNullWhen(true)] out PublicKey? publicKey)
    {
        Multihash.Decode(_multihash, out var code, out var digest);
        publicKey = code == Multihash.IdentityCode ? PublicKey.FromProtobuf(digest) : null;
        return publicKey is not null;
    }

    /// <summary>True when <paramref name="publicKey"/> hashes to this peer id.</summary>
    public bool Matches(PublicKey publicKey) => FromPublicKey(publicKey).Equals(this);

    public bool Equals(PeerId? other) =>
        other is not null && other._hashCode == _hashCode && other._multihash.AsSpan().SequenceEqual(_multihash);

    public override bool Equals(object? obj) => obj is PeerId other && Equals(other);

    public override int GetHashCode() => _hashCode;

    private static PeerId FromCid(ReadOnlySpan<byte> cid)
    {
        if (!Varint.TryRead(cid, out var version, out var versionSize) || version != CidVersion1)
        {
            throw new InvalidKeyException("Peer id CID is not CIDv1.");
        }

        if (!Varint.TryRead(cid[versionSize..], out var codec, out var codecSize) || codec != Libp2pKeyCodec)
        {
            throw new InvalidKeyException($"Peer id CID codec is not libp2p-key (0x{Libp2pKeyCodec:x}).");
        }

        return FromBytes(cid[(versionSize + codecSize)..]);
    }
}
