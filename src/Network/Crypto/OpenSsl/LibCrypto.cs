using System.Runtime.InteropServices;

namespace RustyNode.Network.Crypto.OpenSsl;

/// <summary>
/// The few libcrypto (OpenSSL 3) entry points we call directly. Ed25519 through the system
/// OpenSSL verifies about twice as fast as the managed BouncyCastle code (see the Ed25519
/// benchmarks), and the BCL has no Ed25519 or X25519 of its own.
/// </summary>
internal static partial class LibCrypto
{
    public const int EvpPkeyX25519 = 1034;
    public const int EvpPkeyEd25519 = 1087;

    private const string Library = "libcrypto.so.3";

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_private_key")]
    public static unsafe partial EvpPkeyHandle EvpPkeyNewRawPrivateKey(int type, IntPtr engine, byte* key, nuint keyLength);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_public_key")]
    public static unsafe partial EvpPkeyHandle EvpPkeyNewRawPublicKey(int type, IntPtr engine, byte* key, nuint keyLength);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_get_raw_public_key")]
    public static unsafe partial int EvpPkeyGetRawPublicKey(EvpPkeyHandle key, byte* destination, ref nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_get_raw_private_key")]
    public static unsafe partial int EvpPkeyGetRawPrivateKey(EvpPkeyHandle key, byte* destination, ref nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_free")]
    public static partial void EvpPkeyFree(IntPtr key);

    [LibraryImport(Library, EntryPoint = "EVP_MD_CTX_new")]
    public static partial EvpMdCtxHandle EvpMdCtxNew();

    [LibraryImport(Library, EntryPoint = "EVP_MD_CTX_free")]
    public static partial void EvpMdCtxFree(IntPtr context);

    [LibraryImport(Library, EntryPoint = "EVP_DigestSignInit")]
    public static partial int EvpDigestSignInit(EvpMdCtxHandle context, IntPtr keyContextOut, IntPtr digest, IntPtr engine, EvpPkeyHandle key);

    [LibraryImport(Library, EntryPoint = "EVP_DigestSign")]
    public static unsafe partial int EvpDigestSign(EvpMdCtxHandle context, byte* signature, ref nuint signatureLength, byte* data, nuint dataLength);

    [LibraryImport(Library, EntryPoint = "EVP_DigestVerifyInit")]
    public static partial int EvpDigestVerifyInit(EvpMdCtxHandle context, IntPtr keyContextOut, IntPtr digest, IntPtr engine, EvpPkeyHandle key);

    [LibraryImport(Library, EntryPoint = "EVP_DigestVerify")]
    public static unsafe partial int EvpDigestVerify(EvpMdCtxHandle context, byte* signature, nuint signatureLength, byte* data, nuint dataLength);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_new")]
    public static partial EvpPkeyCtxHandle EvpPkeyCtxNew(EvpPkeyHandle key, IntPtr engine);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_free")]
    public static partial void EvpPkeyCtxFree(IntPtr context);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive_init")]
    public static partial int EvpPkeyDeriveInit(EvpPkeyCtxHandle context);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive_set_peer")]
    public static partial int EvpPkeyDeriveSetPeer(EvpPkeyCtxHandle context, EvpPkeyHandle peer);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive")]
    public static unsafe partial int EvpPkeyDerive(EvpPkeyCtxHandle context, byte* secret, ref nuint secretLength);

    [LibraryImport(Library, EntryPoint = "ERR_clear_error")]
    public static partial void ErrClearError();
}
