namespace RustyNode.Protocols.Masternode.Tests.Sync;

/// <summary>The sync tests share one <see cref="MasternodeChainFixture"/>: building its 1,040 masternodes once is enough.</summary>
[CollectionDefinition(Name)]
public sealed class MasternodeChainCollection : ICollectionFixture<MasternodeChainFixture>
{
    public const string Name = "masternode chain";
}
