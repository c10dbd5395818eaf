namespace RustyNode.Consensus.Model;

/// <summary>
/// Transaction types carried in the high 16 bits of the version (CHAIN-1.8). Type 0 is an ordinary
/// transaction; 1 to 4 are reserved for masternode registration and are filled in by a later issue.
/// </summary>
public enum SpecialTransactionType : ushort
{
    Normal = 0,
    ProviderRegister = 1,
    ProviderUpdateService = 2,
    ProviderUpdateRegistrar = 3,
    ProviderRevoke = 4,
}
