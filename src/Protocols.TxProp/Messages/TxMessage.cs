namespace RustyNode.Protocols.TxProp.Messages;

/// <summary>A message of /rusty/tx-prop/1.0; <see cref="TxMessageCodec"/> reads and writes every kind.</summary>
public abstract record TxMessage
{
    /// <summary>The message's code (TX-1.2).</summary>
    public abstract TxMessageCode Code { get; }
}
