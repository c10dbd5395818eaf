namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>The outcome of checking a list chunk or a diff: accepted, or the failure and what was wrong.</summary>
/// <param name="Failure">None when accepted.</param>
/// <param name="Detail">What was wrong, for logs.</param>
public readonly record struct MasternodeSyncResult(MasternodeSyncFailure Failure, string? Detail = null)
{
    public static MasternodeSyncResult Ok => default;

    public bool IsOk => Failure == MasternodeSyncFailure.None;

    public static MasternodeSyncResult Fail(MasternodeSyncFailure failure, string detail) => new(failure, detail);

    public override string ToString() => IsOk ? "ok" : $"{Failure}: {Detail}";
}
