using Microsoft.Win32.SafeHandles;

namespace RustyNode.Network.Crypto.OpenSsl;

/// <summary>Owns one OpenSSL <c>EVP_PKEY_CTX</c>; released exactly once when disposed or finalized.</summary>
internal sealed class EvpPkeyCtxHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpPkeyCtxHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EvpPkeyCtxFree(handle);
        return true;
    }
}
