using System.Runtime.InteropServices;

namespace RustyNode.Network.Crypto.OpenSsl;

/// <summary>
/// The few libcrypto (OpenSSL 3) entry points we call directly, for X25519: the BCL has none, and
/// OpenSSL's (assembly on x86-64) agrees about three times as fast as libsodium's through NSec
/// (X25519Benchmarks), so it stays. Ed25519 moved to NSec, which is the faster one there.
/// </summary>
internal static partial class LibCrypto
{
    public const int EvpPkeyX25519 = 1034;

    private const string Library = "libcrypto.so.3";

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_private_key")]
    public static unsafe partial EvpPkeyHandle EvpPkeyNewRawPrivateKey(int type, IntPtr engine, byte* key, nuint keyLength);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_public_key")]
    public static unsafe partial EvpPkeyHandle EvpPkeyNewRawPublicKey(int type, IntPtr engine, byte* key, nuint keyLength);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_get_raw_public_key")]
    public static unsafe partial int EvpPkeyGetRawPublicKey(EvpPkeyHandle key, byte* destination, ref nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_free")]
    public static partial void EvpPkeyFree(IntPtr key);

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
