namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>A message of the masternode protocol; <see cref="MasternodeMessageCodec"/> frames it with its code.</summary>
public interface IMasternodeMessage
{
    /// <summary>The code byte that precedes the body.</summary>
    MasternodeMessageType Type { get; }
}
