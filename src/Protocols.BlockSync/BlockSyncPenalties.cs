using RustyNode.Consensus;

namespace RustyNode.Protocols.BlockSync;

/// <summary>The reasons and weights block sync reports to peer protection (BS-7.1).</summary>
public static class BlockSyncPenalties
{
    /// <summary>A header whose hash does not meet its nBits.</summary>
    public const string BadProofOfWork = "bad proof of work";

    /// <summary>A header that breaks a CHAIN-4 rule other than its time.</summary>
    public const string InvalidHeader = "invalid header";

    /// <summary>A header more than two hours ahead of our clock.</summary>
    public const string HeaderFromTheFuture = "header from the future";

    /// <summary>Headers whose first parent we do not know, or that do not chain.</summary>
    public const string HeadersDoNotConnect = "headers do not connect";

    /// <summary>A block that does not parse, fails the context-free checks, or fails to connect.</summary>
    public const string InvalidBlock = "invalid block";

    /// <summary>A block we did not ask for, or twice.</summary>
    public const string UnrequestedData = "unrequested data";

    /// <summary>More headers or blocks than allowed or asked for.</summary>
    public const string OversizedReply = "oversized reply";

    /// <summary>A message that breaks BS-1 or BS-2.</summary>
    public const string MalformedMessage = "malformed message";

    /// <summary>A header chain that grew past the pending limit without enough work.</summary>
    public const string LowWorkHeaderChain = "low-work header chain";

    /// <summary>A peer that held up the download window.</summary>
    public const string StalledDownload = "stalled download";

    /// <summary>Weight of an invalid chain: beyond any reputation plus the ban threshold, so a ban at once.</summary>
    public const double InvalidChainWeight = -200;

    /// <summary>Weight of a malformed message, per protocol violation reported by request/response.</summary>
    public const double MalformedMessageWeight = -20;

    /// <summary>The weight of <paramref name="reason"/>.</summary>
    public static double WeightOf(string reason) => reason switch
    {
        BadProofOfWork or InvalidHeader or InvalidBlock => InvalidChainWeight,
        HeaderFromTheFuture or HeadersDoNotConnect or UnrequestedData or MalformedMessage or LowWorkHeaderChain => -20,
        OversizedReply => -50,
        StalledDownload => -5,
        _ => throw new ArgumentException($"Unknown block-sync penalty '{reason}'.", nameof(reason)),
    };

    /// <summary>The penalty for a header refused by the chain rules.</summary>
    public static string ForHeader(RejectReason reason) => reason switch
    {
        RejectReason.BadProofOfWork => BadProofOfWork,
        RejectReason.TimeTooNew => HeaderFromTheFuture,
        RejectReason.UnknownParent or RejectReason.HeadersNotContinuous => HeadersDoNotConnect,
        _ => InvalidHeader,
    };
}
