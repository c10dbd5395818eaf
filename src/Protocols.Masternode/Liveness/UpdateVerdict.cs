namespace RustyNode.Protocols.Masternode.Liveness;

/// <summary>The judgement of one update and why.</summary>
/// <param name="Kind">Accept, reject or ignore.</param>
/// <param name="Reason">What decided it.</param>
public readonly record struct UpdateVerdict(UpdateVerdictKind Kind, string Reason)
{
    public static UpdateVerdict Accept { get; } = new(UpdateVerdictKind.Accept, "accepted");

    public static UpdateVerdict Reject(string reason) => new(UpdateVerdictKind.Reject, reason);

    public static UpdateVerdict Ignore(string reason) => new(UpdateVerdictKind.Ignore, reason);

    public override string ToString() => $"{Kind}: {Reason}";
}
