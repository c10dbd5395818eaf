using Microsoft.Win32.SafeHandles;

namespace RustyNode.Network.Crypto.OpenSsl;

/// <summary>Owns one OpenSSL <c>EVP_PKEY</c>; released exactly once when disposed or finalized.</summary>
internal sealed class EvpPkeyHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpPkeyHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EvpPkeyFree(handle);
        return true;
    }
}
