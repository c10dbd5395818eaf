using System.Numerics;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Chain;

/// <summary>Proof-of-work check and the difficulty retarget rule (CHAIN-4.1, CHAIN-4.4).</summary>
public static class ProofOfWork
{
    /// <summary>True when nBits is a valid target no easier than the limit and the hash meets it.</summary>
    public static bool Check(in Hash256 hash, uint bits, ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return CompactTarget.TryDecodeTarget(bits, out var target) && target <= parameters.PowLimit && hash <= target;
    }

    /// <summary>The nBits a block following <paramref name="previous"/> must carry.</summary>
    public static uint GetNextWorkRequired(BlockIndexEntry? previous, ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (previous is null)
        {
            return parameters.PowLimitBits;
        }

        if (parameters.NoRetargeting || (previous.Height + 1) % parameters.RetargetInterval != 0)
        {
            return previous.Header.Bits;
        }

        var first = previous.GetAncestor(previous.Height - (parameters.RetargetInterval - 1))!;
        return Retarget(previous.Header.Bits, (long)previous.Header.Time - first.Header.Time, parameters);
    }

    /// <summary>
    /// The new target: old target × actual timespan ÷ intended timespan, the actual timespan
    /// clamped to a quarter and four times the intended one, the result capped at the limit.
    /// </summary>
    public static uint Retarget(uint previousBits, long actualTimespanSeconds, ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var intended = (long)parameters.TargetTimespan.TotalSeconds;
        var actual = Math.Clamp(actualTimespanSeconds, intended / 4, intended * 4);
        CompactTarget.TryDecodeTarget(previousBits, out var previousTarget);
        var target = CompactTarget.ToBigInteger(previousTarget) * actual / intended;
        var limit = CompactTarget.ToBigInteger(parameters.PowLimit);
        return CompactTarget.Encode(BigInteger.Min(target, limit));
    }

    /// <summary>Finds a nonce that satisfies the header's nBits (regtest and tests only: trivial difficulty).</summary>
    public static BlockHeader Mine(BlockHeader header, ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(header);
        for (var nonce = header.Nonce; ; nonce++)
        {
            var candidate = header.WithNonce(nonce);
            if (Check(candidate.Hash, candidate.Bits, parameters))
            {
                return candidate;
            }

            if (nonce == uint.MaxValue)
            {
                throw new InvalidOperationException("No nonce satisfies the target; change the time or the coinbase.");
            }
        }
    }
}
