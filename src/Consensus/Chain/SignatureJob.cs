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
    /// Verifies every job on up to <paramref name="degreeOfParallelism"/> threads and returns each
    /// job's outcome (None when its signature holds). Unlike <see cref="VerifyAll"/> it does not stop
    /// at a failure: a mempool batch wants every verdict.
    /// </summary>
    public static RejectReason[] VerifyEach(IReadOnlyList<SignatureJob> jobs, ISecp256k1 backend, int degreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var verdicts = new RejectReason[jobs.Count];
        Run(jobs, degreeOfParallelism, i =>
        {
            verdicts[i] = jobs[i].Verify(backend);
            return true;
        });

        return verdicts;
    }

    /// <summary>Verifies all jobs on up to <paramref name="degreeOfParallelism"/> threads; returns a failure found (or None).</summary>
    public static ValidationResult VerifyAll(IReadOnlyList<SignatureJob> jobs, ISecp256k1 backend, int degreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var failure = RejectReason.None;
        var failedJob = -1;
        Run(jobs, degreeOfParallelism, i =>
        {
            var reason = jobs[i].Verify(backend);
            if (reason == RejectReason.None)
            {
                return true;
            }

            if (Interlocked.CompareExchange(ref failedJob, i, -1) == -1)
            {
                failure = reason;
            }

            return false;
        });

        if (failedJob < 0)
        {
            return ValidationResult.Ok;
        }

        var job = jobs[failedJob];
        return ValidationResult.Reject(failure, $"input {job.InputIndex} of {job.Tx.TxId}");
    }

    /// <summary>
    /// Runs <paramref name="verify"/> on every job index until one returns false. A batch of fewer
    /// than 32 jobs stays on the calling thread. Otherwise each thread claims the next unclaimed job
    /// in turn, so no thread sits idle while jobs remain: a helper thread that wakes late, or is
    /// preempted by another process, leaves the rest to the others instead of holding a fixed share.
    /// </summary>
    private static void Run(IReadOnlyList<SignatureJob> jobs, int degreeOfParallelism, Func<int, bool> verify)
    {
        var threads = Math.Max(1, Math.Min(degreeOfParallelism, jobs.Count / 16));
        if (threads == 1)
        {
            for (var i = 0; i < jobs.Count; i++)
            {
                if (!verify(i))
                {
                    return;
                }
            }

            return;
        }

        var next = -1;
        var stopped = 0;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            int i;
            while (Volatile.Read(ref stopped) == 0 && (i = Interlocked.Increment(ref next)) < jobs.Count)
            {
                if (!verify(i))
                {
                    Volatile.Write(ref stopped, 1);
                }
            }
        });
    }
}
