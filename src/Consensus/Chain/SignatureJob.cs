using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Chain;

/// <summary>One input signature to verify, with the shared per-transaction hasher and the spent coin.</summary>
public readonly record struct SignatureJob(Transaction Tx, SignatureHasher Hasher, int InputIndex, Coin Spent)
{
    /// <summary>Checks this input's signature with <paramref name="backend"/>.</summary>
    public RejectReason Verify(ISecp256k1 backend)
    {
        Span<byte> digest = stackalloc byte[32];
        Hasher.ComputeHash(InputIndex, Spent.Output.ScriptPubKey, Spent.Output.Value, StandardScripts.SigHashAll, digest);
        return SignatureChecker.Check(backend, Tx.Inputs[InputIndex].ScriptSig, Spent.Output.ScriptPubKey, digest);
    }

    /// <summary>
    /// Verifies every job, split into contiguous partitions over <paramref name="degreeOfParallelism"/>
    /// threads, and returns each job's outcome (None when its signature holds). Unlike
    /// <see cref="VerifyAll"/> it does not stop at a failure: a mempool batch wants every verdict.
    /// </summary>
    public static RejectReason[] VerifyEach(IReadOnlyList<SignatureJob> jobs, ISecp256k1 backend, int degreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var verdicts = new RejectReason[jobs.Count];
        var partitions = PartitionCount(jobs.Count, degreeOfParallelism);
        if (partitions == 1)
        {
            for (var i = 0; i < jobs.Count; i++)
            {
                verdicts[i] = jobs[i].Verify(backend);
            }

            return verdicts;
        }

        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, partition =>
        {
            var end = jobs.Count * (partition + 1) / partitions;
            for (var i = jobs.Count * partition / partitions; i < end; i++)
            {
                verdicts[i] = jobs[i].Verify(backend);
            }
        });

        return verdicts;
    }

    /// <summary>
    /// Verifies all jobs, split into contiguous partitions over <paramref name="degreeOfParallelism"/>
    /// threads; returns the first failure found (or None).
    /// </summary>
    public static ValidationResult VerifyAll(IReadOnlyList<SignatureJob> jobs, ISecp256k1 backend, int degreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Count == 0)
        {
            return ValidationResult.Ok;
        }

        var partitions = PartitionCount(jobs.Count, degreeOfParallelism);
        if (partitions == 1)
        {
            // A single transaction or one thread: no scheduling overhead.
            for (var i = 0; i < jobs.Count; i++)
            {
                var reason = jobs[i].Verify(backend);
                if (reason != RejectReason.None)
                {
                    return ValidationResult.Reject(reason, $"input {jobs[i].InputIndex} of {jobs[i].Tx.TxId}");
                }
            }

            return ValidationResult.Ok;
        }

        var failure = (int)RejectReason.None;
        var failedJob = -1;
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, (partition, state) =>
        {
            var start = jobs.Count * partition / partitions;
            var end = jobs.Count * (partition + 1) / partitions;
            for (var i = start; i < end && !state.ShouldExitCurrentIteration; i++)
            {
                var reason = jobs[i].Verify(backend);
                if (reason != RejectReason.None)
                {
                    Interlocked.CompareExchange(ref failure, (int)reason, (int)RejectReason.None);
                    Interlocked.CompareExchange(ref failedJob, i, -1);
                    state.Stop();
                }
            }
        });

        if (failure == (int)RejectReason.None)
        {
            return ValidationResult.Ok;
        }

        var job = jobs[failedJob];
        return ValidationResult.Reject((RejectReason)failure, $"input {job.InputIndex} of {job.Tx.TxId}");
    }

    /// <summary>Threads worth starting: at least 16 jobs each, so a small batch stays on the calling thread.</summary>
    private static int PartitionCount(int jobs, int degreeOfParallelism) => Math.Max(1, Math.Min(degreeOfParallelism, jobs / 16));
}
