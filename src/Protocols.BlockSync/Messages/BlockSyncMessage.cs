namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>A message of /rusty/block-sync/1.0; <see cref="BlockSyncMessageCodec"/> reads and writes them all.</summary>
public abstract record BlockSyncMessage
{
    /// <summary>The message's code, its first byte on the wire.</summary>
    public abstract MessageCode Code { get; }

    /// <summary>True for the messages a requester sends (BS-2).</summary>
    public bool IsRequest => Code is MessageCode.GetHeaders or MessageCode.BlockRequest or MessageCode.BlockRequestByHash or MessageCode.HeaderAnnouncement;
}
