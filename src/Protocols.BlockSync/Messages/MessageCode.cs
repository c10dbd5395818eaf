namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>The first byte of every block-sync payload (BS-2). Values are wire values.</summary>
public enum MessageCode : byte
{
    /// <summary>Request: a locator and a stop hash (BS-2.1).</summary>
    GetHeaders = 0x01,

    /// <summary>Response to <see cref="GetHeaders"/> (BS-2.2).</summary>
    Headers = 0x02,

    /// <summary>Request: blocks of the active chain by height range (BS-2.3).</summary>
    BlockRequest = 0x03,

    /// <summary>Request: blocks by hash (BS-2.4).</summary>
    BlockRequestByHash = 0x04,

    /// <summary>Response to either block request (BS-2.5).</summary>
    BlockResponse = 0x05,

    /// <summary>Request: the sender's new tip and up to 15 of its ancestors (BS-2.6).</summary>
    HeaderAnnouncement = 0x06,

    /// <summary>Response to <see cref="HeaderAnnouncement"/>: nothing but the code (BS-2.7).</summary>
    AnnouncementAck = 0x07,

    /// <summary>One piece of a response too big for one frame (BS-1.3).</summary>
    Chunk = 0x10,
}
