using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Mempool;

/// <summary>
/// Signature verdicts checked ahead of a batch's in-order accept (CHAIN-8.6), by transaction and
/// input, each with the output its check spent. A verdict depends on nothing but the transaction,
/// the input and that output, so it may be made without the chain lock and taken later by an
/// accept that finds the same input spending the same output.
/// </summary>
public sealed class SignatureVerdicts
{
    private readonly Dictionary<(Hash256 TxId, int Input), (TxOut Spent, RejectReason Verdict)> _byInput;

    private SignatureVerdicts(Dictionary<(Hash256 TxId, int Input), (TxOut Spent, RejectReason Verdict)> byInput)
    {
        _byInput = byInput;
    }

    /// <summary>
    /// Checks every job on up to <paramref name="degreeOfParallelism"/> threads. Touches no chain or
    /// mempool state, so the caller need not hold the chain lock.
    /// </summary>
    public static SignatureVerdicts Check(IReadOnlyList<SignatureJob> jobs, ISecp256k1 backend, int degreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(backend);
        var verdicts = SignatureJob.VerifyEach(jobs, backend, degreeOfParallelism);
        var byInput = new Dictionary<(Hash256 TxId, int Input), (TxOut Spent, RejectReason Verdict)>(jobs.Count);
        for (var i = 0; i < jobs.Count; i++)
        {
            byInput[(jobs[i].Tx.TxId, jobs[i].InputIndex)] = (jobs[i].Spent.Output, verdicts[i]);
        }

        return new SignatureVerdicts(byInput);
    }

    /// <summary>The verdict for <paramref name="job"/>'s input when it was checked spending the same output.</summary>
    public bool TryGet(in SignatureJob job, out RejectReason verdict)
    {
        if (_byInput.TryGetValue((job.Tx.TxId, job.InputIndex), out var ahead) && SameOutput(ahead.Spent, job.Spent.Output))
        {
            verdict = ahead.Verdict;
            return true;
        }

        verdict = RejectReason.None;
        return false;
    }

    private static bool SameOutput(TxOut a, TxOut b) =>
        ReferenceEquals(a, b) || (a.Value == b.Value && a.ScriptPubKey.AsSpan().SequenceEqual(b.ScriptPubKey));
}
