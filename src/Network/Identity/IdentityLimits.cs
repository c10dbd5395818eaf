namespace RustyNode.Network.Identity;

/// <summary>Bounds on identity data received from peers (ID-1.5, ID-3.4, ID-4.4).</summary>
public static class IdentityLimits
{
    /// <summary>Longest PublicKey protobuf accepted; an 8192-bit RSA PKIX key is about 1.06 KB.</summary>
    public const int MaxPublicKeyProtobufLength = 1200;

    /// <summary>Longest PrivateKey protobuf accepted when loading a stored key.</summary>
    public const int MaxPrivateKeyProtobufLength = 4096;

    /// <summary>Smallest RSA modulus accepted, in bits.</summary>
    public const int MinRsaModulusBits = 2048;

    /// <summary>Largest RSA modulus accepted, in bits.</summary>
    public const int MaxRsaModulusBits = 8192;

    /// <summary>Longest ECDSA PKIX public key accepted (a P-521 key is 158 bytes).</summary>
    public const int MaxEcdsaPublicKeyLength = 256;

    /// <summary>Longest signature accepted on any key type (an 8192-bit RSA signature is 1024 bytes).</summary>
    public const int MaxSignatureLength = 1024;

    /// <summary>Longest protobuf that is inlined into an identity-multihash peer id.</summary>
    public const int MaxInlineKeyLength = 42;

    /// <summary>Longest peer id text accepted by <see cref="PeerId.Parse(string)"/>.</summary>
    public const int MaxPeerIdTextLength = 128;

    /// <summary>Longest signed envelope accepted.</summary>
    public const int MaxEnvelopeLength = 16 * 1024;

    /// <summary>Longest envelope payload type.</summary>
    public const int MaxPayloadTypeLength = 64;

    /// <summary>Longest envelope domain string, in UTF-8 bytes.</summary>
    public const int MaxDomainLength = 256;

    /// <summary>Most addresses in one peer record.</summary>
    public const int MaxPeerRecordAddresses = 64;

    /// <summary>Longest binary multiaddr in a peer record.</summary>
    public const int MaxMultiaddrLength = 1024;
}
