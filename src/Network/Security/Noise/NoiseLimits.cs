namespace RustyNode.Network.Security.Noise;

/// <summary>Every bound Noise places on what a remote may send (NOISE-2.4, NOISE-3.5, NOISE-4.2).</summary>
public static class NoiseLimits
{
    /// <summary>Largest Noise message, set by the 2-byte length prefix.</summary>
    public const int MaxMessageLength = 65535;

    /// <summary>Length of the ChaCha20-Poly1305 authentication tag.</summary>
    public const int TagLength = 16;

    /// <summary>Largest plaintext carried by one transport frame.</summary>
    public const int MaxPlaintextLength = MaxMessageLength - TagLength;

    /// <summary>
    /// Largest handshake message we accept. A handshake message carries at most two X25519 keys,
    /// tags and the payload (identity key, signature, extensions); 8 KiB leaves room for an
    /// 8192-bit RSA identity with a few WebTransport certificate hashes.
    /// </summary>
    public const int MaxHandshakeMessageLength = 8 * 1024;

    /// <summary>Largest identity_key field (a PublicKey protobuf).</summary>
    public const int MaxIdentityKeyLength = Identity.IdentityLimits.MaxPublicKeyProtobufLength;

    /// <summary>Largest identity_sig field.</summary>
    public const int MaxIdentitySignatureLength = Identity.IdentityLimits.MaxSignatureLength;

    /// <summary>Largest extensions field.</summary>
    public const int MaxExtensionsLength = 4096;

    /// <summary>Most stream muxer names in the extensions.</summary>
    public const int MaxStreamMuxers = 16;

    /// <summary>Longest stream muxer name, in UTF-8 bytes.</summary>
    public const int MaxStreamMuxerNameLength = 256;

    /// <summary>Most WebTransport certificate hashes in the extensions.</summary>
    public const int MaxCertHashes = 8;

    /// <summary>Longest WebTransport certificate hash (a multihash).</summary>
    public const int MaxCertHashLength = 128;
}
