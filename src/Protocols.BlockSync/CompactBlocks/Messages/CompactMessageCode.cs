namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>The first byte of a compact-blocks payload (CB-2).</summary>
public enum CompactMessageCode : byte
{
    SendCompact = 0x01,
    CompactBlock = 0x02,
    GetCompactBlock = 0x03,
    GetBlockTxs = 0x04,
    BlockTxs = 0x05,
    NewBlock = 0x06,
    Ack = 0x07,
    NotFound = 0x08,
}
