namespace RustyNode.Consensus;

/// <summary>Outcome of processing a header, block or transaction: accepted, or a named reason.</summary>
/// <param name="Reason">Why it was refused; <see cref="RejectReason.None"/> when accepted.</param>
/// <param name="Detail">A human-readable explanation for logs, or null.</param>
public readonly record struct ValidationResult(RejectReason Reason, string? Detail = null)
{
    /// <summary>The accepted result.</summary>
    public static ValidationResult Ok => default;

    /// <summary>True when <see cref="Reason"/> is <see cref="RejectReason.None"/>.</summary>
    public bool IsAccepted => Reason == RejectReason.None;

    /// <summary>A refusal with a reason and optional detail.</summary>
    public static ValidationResult Reject(RejectReason reason, string? detail = null) => new(reason, detail);

    public override string ToString() => IsAccepted ? "accepted" : Detail is null ? Reason.ToString() : $"{Reason}: {Detail}";
}
