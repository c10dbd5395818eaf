namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>The answer to <see cref="HeaderAnnouncement"/>: the code alone (BS-2.7).</summary>
public sealed record AnnouncementAck : BlockSyncMessage
{
    /// <summary>The one instance.</summary>
    public static AnnouncementAck Instance { get; } = new();

    /// <inheritdoc />
    public override MessageCode Code => MessageCode.AnnouncementAck;
}
