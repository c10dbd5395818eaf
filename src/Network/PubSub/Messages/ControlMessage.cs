namespace RustyNode.Network.PubSub.Messages;

/// <summary>The gossipsub control part of an RPC (GS-5).</summary>
public sealed record ControlMessage(
    IReadOnlyList<ControlIHave> IHave,
    IReadOnlyList<ControlIWant> IWant,
    IReadOnlyList<ControlGraft> Graft,
    IReadOnlyList<ControlPrune> Prune,
    IReadOnlyList<ControlIDontWant> IDontWant)
{
    /// <summary>A control message with nothing in it.</summary>
    public static ControlMessage Empty { get; } = new([], [], [], [], []);

    /// <summary>True when no entry of any kind is present.</summary>
    public bool IsEmpty => IHave.Count == 0 && IWant.Count == 0 && Graft.Count == 0 && Prune.Count == 0 && IDontWant.Count == 0;
}
