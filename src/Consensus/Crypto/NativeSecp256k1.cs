using System.Runtime.InteropServices;

namespace RustyNode.Consensus.Crypto;

/// <summary>
/// secp256k1 through Bitcoin Core's libsecp256k1 (Debian package libsecp256k1-1, file
/// libsecp256k1.so.1), loaded at run time with <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/>
/// and called through unmanaged function pointers. One context, created once, shared by all threads
/// (the library allows concurrent use of a context for signing and verifying).
/// </summary>
public sealed unsafe class NativeSecp256k1 : ISecp256k1
{
    private const uint ContextSignVerify = 0x0301;
    private const uint CompressedFlag = 0x0102;
    private static readonly string[] LibraryNames = ["libsecp256k1.so.1", "libsecp256k1.so", "libsecp256k1.so.2", "libsecp256k1"];

    private readonly IntPtr _context;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, nuint, int> _pubkeyParse;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, nuint, int> _signatureParseDer;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int> _signatureNormalize;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, int> _verify;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, IntPtr, IntPtr, int> _sign;
    private readonly delegate* unmanaged<IntPtr, byte*, nuint*, byte*, int> _signatureSerializeDer;
    private readonly delegate* unmanaged<IntPtr, byte*, byte*, int> _pubkeyCreate;
    private readonly delegate* unmanaged<IntPtr, byte*, nuint*, byte*, uint, int> _pubkeySerialize;

    private NativeSecp256k1(IntPtr library)
    {
        var create = (delegate* unmanaged<uint, IntPtr>)NativeLibrary.GetExport(library, "secp256k1_context_create");
        _pubkeyParse = (delegate* unmanaged<IntPtr, byte*, byte*, nuint, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_parse");
        _signatureParseDer = (delegate* unmanaged<IntPtr, byte*, byte*, nuint, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_signature_parse_der");
        _signatureNormalize = (delegate* unmanaged<IntPtr, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_signature_normalize");
        _verify = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_verify");
        _sign = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, IntPtr, IntPtr, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_sign");
        _signatureSerializeDer = (delegate* unmanaged<IntPtr, byte*, nuint*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ecdsa_signature_serialize_der");
        _pubkeyCreate = (delegate* unmanaged<IntPtr, byte*, byte*, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_create");
        _pubkeySerialize = (delegate* unmanaged<IntPtr, byte*, nuint*, byte*, uint, int>)NativeLibrary.GetExport(library, "secp256k1_ec_pubkey_serialize");
        _context = create(ContextSignVerify);
        if (_context == IntPtr.Zero)
        {
            throw new InvalidOperationException("secp256k1_context_create returned null.");
        }
    }

    public string Name => "libsecp256k1";

    /// <summary>Loads the library; false (and null) when it is not installed.</summary>
    public static bool TryCreate(out NativeSecp256k1? instance)
    {
        instance = null;
        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                instance = new NativeSecp256k1(handle);
                return true;
            }
        }

        return false;
    }

    public bool IsValidPublicKey(ReadOnlySpan<byte> compressedPublicKey)
    {
        if (compressedPublicKey.Length != 33)
        {
            return false;
        }

        var parsed = stackalloc byte[64];
        fixed (byte* input = compressedPublicKey)
        {
            return _pubkeyParse(_context, parsed, input, 33) == 1;
        }
    }

    public bool Verify(ReadOnlySpan<byte> compressedPublicKey, ReadOnlySpan<byte> derSignature, ReadOnlySpan<byte> hash32)
    {
        Span<byte> r = stackalloc byte[32];
        Span<byte> s = stackalloc byte[32];
        if (compressedPublicKey.Length != 33 || hash32.Length != 32 || !DerSignature.TryDecode(derSignature, r, s))
        {
            return false; // libsecp256k1's DER parser is lax; strictness is ours, the same in both backends
        }

        var pubkey = stackalloc byte[64];
        var signature = stackalloc byte[64];
        fixed (byte* key = compressedPublicKey)
        fixed (byte* der = derSignature)
        fixed (byte* hash = hash32)
        {
            if (_pubkeyParse(_context, pubkey, key, 33) != 1
                || _signatureParseDer(_context, signature, der, (nuint)derSignature.Length) != 1)
            {
                return false;
            }

            // Normalize reports 1 when the signature had a high S; such a signature is refused
            // (CHAIN-3.4), exactly as the managed backend refuses it.
            if (_signatureNormalize(_context, signature, signature) == 1)
            {
                return false;
            }

            return _verify(_context, signature, hash, pubkey) == 1;
        }
    }

    /// <summary>
    /// The library alone: parse the key, parse the DER signature, verify. No strictness or low-S
    /// checks; the benchmark baseline for "raw libsecp256k1 verify".
    /// </summary>
    internal bool VerifyRaw(ReadOnlySpan<byte> compressedPublicKey, ReadOnlySpan<byte> derSignature, ReadOnlySpan<byte> hash32)
    {
        var pubkey = stackalloc byte[64];
        var signature = stackalloc byte[64];
        fixed (byte* key = compressedPublicKey)
        fixed (byte* der = derSignature)
        fixed (byte* hash = hash32)
        {
            return _pubkeyParse(_context, pubkey, key, (nuint)compressedPublicKey.Length) == 1
                && _signatureParseDer(_context, signature, der, (nuint)derSignature.Length) == 1
                && _verify(_context, signature, hash, pubkey) == 1;
        }
    }

    public byte[] Sign(ReadOnlySpan<byte> privateKey32, ReadOnlySpan<byte> hash32)
    {
        if (!Secp256k1Curve.IsValidPrivateKey(privateKey32) || hash32.Length != 32)
        {
            throw new ArgumentException("A private key in [1, n-1] and a 32-byte hash are required.");
        }

        var signature = stackalloc byte[64];
        var der = stackalloc byte[DerSignature.MaxLength];
        nuint length = DerSignature.MaxLength;
        fixed (byte* key = privateKey32)
        fixed (byte* hash = hash32)
        {
            if (_sign(_context, signature, hash, key, IntPtr.Zero, IntPtr.Zero) != 1
                || _signatureSerializeDer(_context, der, &length, signature) != 1)
            {
                throw new InvalidOperationException("libsecp256k1 failed to sign.");
            }
        }

        return new ReadOnlySpan<byte>(der, (int)length).ToArray();
    }

    public byte[] GetPublicKey(ReadOnlySpan<byte> privateKey32)
    {
        if (!Secp256k1Curve.IsValidPrivateKey(privateKey32))
        {
            throw new ArgumentException("A private key in [1, n-1] is required.", nameof(privateKey32));
        }

        var pubkey = stackalloc byte[64];
        var output = new byte[33];
        nuint length = 33;
        fixed (byte* key = privateKey32)
        fixed (byte* outputPointer = output)
        {
            if (_pubkeyCreate(_context, pubkey, key) != 1
                || _pubkeySerialize(_context, outputPointer, &length, pubkey, CompressedFlag) != 1)
            {
                throw new InvalidOperationException("libsecp256k1 failed to derive the public key.");
            }
        }

        return output;
    }
}
