using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Chain;

/// <summary>Header rules (CHAIN-4.1 to CHAIN-4.4): proof of work, difficulty, time, version.</summary>
public static class HeaderValidator
{
    /// <summary>The checks that need no parent: the hash meets its own nBits within the limit.</summary>
    public static ValidationResult CheckProofOfWork(BlockHeader header, ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(header);
        return ProofOfWork.Check(header.Hash, header.Bits, parameters)
            ? ValidationResult.Ok
            : ValidationResult.Reject(RejectReason.BadProofOfWork, $"header {header.Hash} does not meet nBits {header.Bits:x8}");
    }

    /// <summary>All header rules against the parent entry and the local clock.</summary>
    public static ValidationResult Check(BlockHeader header, BlockIndexEntry parent, ChainParameters parameters, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(parent);
        var pow = CheckProofOfWork(header, parameters);
        if (!pow.IsAccepted)
        {
            return pow;
        }

        if (parent.IsInvalid)
        {
            return ValidationResult.Reject(RejectReason.InvalidParent, $"parent {parent.Hash} is invalid");
        }

        if (header.Version < 1)
        {
            return ValidationResult.Reject(RejectReason.BadVersion, $"version {header.Version}");
        }

        var expected = ProofOfWork.GetNextWorkRequired(parent, parameters);
        if (header.Bits != expected)
        {
            return ValidationResult.Reject(RejectReason.BadDifficulty, $"nBits {header.Bits:x8}, expected {expected:x8}");
        }

        var median = parent.MedianTimePast();
        if (header.Time <= median)
        {
            return ValidationResult.Reject(RejectReason.TimeTooOld, $"time {header.Time} is not after the median time past {median}");
        }

        var limit = now + ChainLimits.MaxFutureBlockTime;
        if (header.Time > limit.ToUnixTimeSeconds())
        {
            return ValidationResult.Reject(RejectReason.TimeTooNew, $"time {header.Time} is more than two hours ahead");
        }

        return ValidationResult.Ok;
    }
}
