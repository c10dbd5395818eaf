namespace RustyNode.Network.Identity;

/// <summary>The key types of the libp2p key protobuf (ID-1.1); the values are wire values.</summary>
public enum KeyType
{
    /// <summary>RSA, PKIX-encoded public key, PKCS#1 v1.5 SHA-256 signatures.</summary>
    RSA = 0,

    /// <summary>Ed25519 (RFC 8032), 32-byte public key.</summary>
    Ed25519 = 1,

    /// <summary>secp256k1 ECDSA, 33-byte compressed public key, DER signatures over SHA-256.</summary>
    Secp256k1 = 2,

    /// <summary>ECDSA over a NIST curve, PKIX-encoded public key, DER signatures over SHA-256.</summary>
    ECDSA = 3,
}
