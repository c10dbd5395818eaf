namespace RustyNode.Protocols.Masternode;

/// <summary>The names of the masternode protocol on the network (specs/protocols/04-masternode.md, MN-1).</summary>
public static class MasternodeProtocol
{
    /// <summary>The request/response protocol id: list, diff and PoSe requests.</summary>
    public const string ProtocolId = "/rusty/masternode/1.0";

    /// <summary>The pubsub topic of <see cref="Messages.MasternodeUpdate"/> messages.</summary>
    public const string UpdatesTopic = "/rusty/masternode/updates/1.0";
}
