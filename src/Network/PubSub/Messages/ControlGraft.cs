namespace RustyNode.Network.PubSub.Messages;

/// <summary>GRAFT: the sender added us to its mesh of <paramref name="Topic"/> (GS-5.1).</summary>
public sealed record ControlGraft(string Topic);
