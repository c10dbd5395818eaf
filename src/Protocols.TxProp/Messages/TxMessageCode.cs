namespace RustyNode.Protocols.TxProp.Messages;

/// <summary>The first byte of every message payload (TX-1.2). Values are wire constants.</summary>
public enum TxMessageCode : byte
{
    /// <summary>Announces transaction ids (TX-2.1).</summary>
    Inv = 0x01,

    /// <summary>Asks for transactions by id (TX-2.2).</summary>
    GetData = 0x02,

    /// <summary>One transaction (TX-2.3).</summary>
    TxData = 0x03,

    /// <summary>Requested ids the responder does not have (TX-2.4).</summary>
    NotFound = 0x04,

    /// <summary>The minimum fee rate the sender wants announced (TX-2.5).</summary>
    FeeFilter = 0x05,
}
