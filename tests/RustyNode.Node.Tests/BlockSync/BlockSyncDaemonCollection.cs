namespace RustyNode.Node.Tests.BlockSync;

/// <summary>Block-sync daemon tests run one after another: each starts several daemons that mine and sync on a 2-core machine.</summary>
[CollectionDefinition(Name)]
public sealed class BlockSyncDaemonCollection
{
    public const string Name = "Block-sync daemons";
}
