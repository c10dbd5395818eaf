namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>What an operator says of its masternode in a <see cref="MasternodeUpdate"/> (MN-4.1).</summary>
public enum MasternodeStatus : byte
{
    /// <summary>Serving at its registered service address.</summary>
    Serving = 1,

    /// <summary>Going away (planned maintenance): challengers may skip it until the next update.</summary>
    Leaving = 2,
}
