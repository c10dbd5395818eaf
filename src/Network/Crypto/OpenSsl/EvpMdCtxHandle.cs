using Microsoft.Win32.SafeHandles;

namespace RustyNode.Network.Crypto.OpenSsl;

/// <summary>Owns one OpenSSL <c>EVP_MD_CTX</c>; released exactly once when disposed or finalized.</summary>
internal sealed class EvpMdCtxHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpMdCtxHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EvpMdCtxFree(handle);
        return true;
    }
}
