namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>The first byte of every masternode payload (MN-1.2).</summary>
public enum MasternodeMessageType : byte
{
    ListRequest = 0x01,
    ListResponse = 0x02,
    ListSyncRequest = 0x03,
    ListSync = 0x04,
    PoSeChallenge = 0x05,
    PoSeResponse = 0x06,
    Update = 0x07,
}
