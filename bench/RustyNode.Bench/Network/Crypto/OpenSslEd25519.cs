using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace RustyNode.Bench.Network.Crypto;

/// <summary>
/// Ed25519 through the system OpenSSL (libcrypto.so.3, EVP one-shot sign and verify): the
/// implementation RustyNode used before NSec.Cryptography replaced it, kept here only so the
/// Ed25519 benchmark can compare the two in one run. A private key is imported once (as
/// Ed25519PrivateKey kept its EVP_PKEY); a public key per verify (as a peer's key arrives).
/// </summary>
internal static unsafe partial class OpenSslEd25519
{
    private const int EvpPkeyEd25519 = 1087;
    private const string Library = "libcrypto.so.3";

    /// <summary>An EVP_PKEY holding the private key of <paramref name="seed"/>; free with <see cref="Free"/>.</summary>
    public static IntPtr ImportPrivateKey(ReadOnlySpan<byte> seed)
    {
        IntPtr key;
        fixed (byte* s = seed)
        {
            key = NewRawPrivateKey(EvpPkeyEd25519, IntPtr.Zero, s, (nuint)seed.Length);
        }

        return key != IntPtr.Zero ? key : throw new CryptographicException("OpenSSL refused the Ed25519 seed.");
    }

    public static void Free(IntPtr key) => PkeyFree(key);

    public static void Sign(IntPtr key, ReadOnlySpan<byte> data, Span<byte> signature)
    {
        var context = MdCtxNew();
        try
        {
            nuint length = 64;
            fixed (byte* sig = signature)
            fixed (byte* msg = data)
            {
                if (DigestSignInit(context, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, key) != 1
                    || DigestSign(context, sig, ref length, msg, (nuint)data.Length) != 1)
                {
                    throw new CryptographicException("EVP_DigestSign failed for Ed25519.");
                }
            }
        }
        finally
        {
            MdCtxFree(context);
        }
    }

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64)
        {
            return false;
        }

        IntPtr key;
        fixed (byte* pk = publicKey)
        {
            key = NewRawPublicKey(EvpPkeyEd25519, IntPtr.Zero, pk, 32);
        }

        if (key == IntPtr.Zero)
        {
            ErrClearError();
            return false;
        }

        var context = MdCtxNew();
        try
        {
            fixed (byte* sig = signature)
            fixed (byte* msg = data)
            {
                var ok = DigestVerifyInit(context, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, key) == 1
                    && DigestVerify(context, sig, 64, msg, (nuint)data.Length) == 1;
                if (!ok)
                {
                    ErrClearError();
                }

                return ok;
            }
        }
        finally
        {
            MdCtxFree(context);
            PkeyFree(key);
        }
    }

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_private_key")]
    private static partial IntPtr NewRawPrivateKey(int type, IntPtr engine, byte* key, nuint keyLength);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_public_key")]
    private static partial IntPtr NewRawPublicKey(int type, IntPtr engine, byte* key, nuint keyLength);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_free")]
    private static partial void PkeyFree(IntPtr key);

    [LibraryImport(Library, EntryPoint = "EVP_MD_CTX_new")]
    private static partial IntPtr MdCtxNew();

    [LibraryImport(Library, EntryPoint = "EVP_MD_CTX_free")]
    private static partial void MdCtxFree(IntPtr context);

    [LibraryImport(Library, EntryPoint = "EVP_DigestSignInit")]
    private static partial int DigestSignInit(IntPtr context, IntPtr keyContextOut, IntPtr digest, IntPtr engine, IntPtr key);

    [LibraryImport(Library, EntryPoint = "EVP_DigestSign")]
    private static partial int DigestSign(IntPtr context, byte* signature, ref nuint signatureLength, byte* data, nuint dataLength);

    [LibraryImport(Library, EntryPoint = "EVP_DigestVerifyInit")]
    private static partial int DigestVerifyInit(IntPtr context, IntPtr keyContextOut, IntPtr digest, IntPtr engine, IntPtr key);

    [LibraryImport(Library, EntryPoint = "EVP_DigestVerify")]
    private static partial int DigestVerify(IntPtr context, byte* signature, nuint signatureLength, byte* data, nuint dataLength);

    [LibraryImport(Library, EntryPoint = "ERR_clear_error")]
    private static partial void ErrClearError();
}
