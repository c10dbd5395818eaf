using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Consensus.Tests.Crypto;

namespace RustyNode.Consensus.Tests.Chain;

/// <summary>
/// Signature jobs spread over threads (a mempool batch, CHAIN-8.6, and a block connect): every job is
/// checked once, a forged one is found, and a thread that stalls holds up only the job it is on.
/// </summary>
public sealed class SignatureJobTests
{
    private const int Inputs = 64;

    [Fact]
    [Trait("Clause", "CHAIN-8.6")]
    public void Each_job_gets_its_own_verdict_on_two_threads()
    {
        var jobs = Jobs(forgedInput: 41);
        var backend = new CountingSecp256k1(Secp256k1.Default);

        var verdicts = SignatureJob.VerifyEach(jobs, backend, degreeOfParallelism: 2);

        Assert.Equal(Inputs, backend.Verifications);
        Assert.Equal([41], Enumerable.Range(0, Inputs).Where(i => verdicts[i] != RejectReason.None));
        Assert.Equal(RejectReason.BadSignature, verdicts[41]);
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.6")]
    public void VerifyAll_names_the_forged_input()
    {
        var result = SignatureJob.VerifyAll(Jobs(forgedInput: 7), Secp256k1.Default, degreeOfParallelism: 2);

        Assert.Equal(RejectReason.BadSignature, result.Reason);
        Assert.StartsWith("input 7 of ", result.Detail, StringComparison.Ordinal);
        Assert.True(SignatureJob.VerifyAll(Jobs(forgedInput: -1), Secp256k1.Default, degreeOfParallelism: 2).IsAccepted);
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.6")]
    public void A_stalled_thread_holds_up_only_its_own_job()
    {
        // The first verification blocks until every other job is done: the other thread must take
        // them all. With a fixed share per thread the stalled thread's share would never be done
        // and the stall would end on its timeout, failing the test.
        var jobs = Jobs(forgedInput: -1);
        var backend = new CountingSecp256k1(Secp256k1.Default, stallFirstUntilDone: jobs.Count - 1);

        var verdicts = SignatureJob.VerifyEach(jobs, backend, degreeOfParallelism: 2);

        Assert.False(backend.TimedOut, "the other thread left jobs to the stalled one");
        Assert.Equal(Inputs, backend.Verifications);
        Assert.All(verdicts, v => Assert.Equal(RejectReason.None, v));
    }

    /// <summary>One transaction spending <see cref="Inputs"/> coins, each input a job; the signature of <paramref name="forgedInput"/> is replaced by another input's.</summary>
    private static List<SignatureJob> Jobs(int forgedInput)
    {
        var generator = new ChainGenerator(ChainParameters.Regtest, minerKey: RegtestKeys.Miner);
        var coins = Enumerable.Range(0, Inputs)
            .Select(i => new WalletCoin(new OutPoint(Hashes.DoubleSha256(BitConverter.GetBytes(i)), (uint)i), new Coin(new TxOut(1_000_000, RegtestKeys.Miner.ScriptPubKey), 1, false), RegtestKeys.Miner))
            .ToList();
        var tx = generator.CreateSpend(coins, 1, 1_000);
        if (forgedInput >= 0)
        {
            var inputs = tx.Inputs.ToArray();
            inputs[forgedInput] = inputs[forgedInput] with { ScriptSig = inputs[(forgedInput + 1) % Inputs].ScriptSig };
            tx = new Transaction(tx.Version, inputs, tx.Outputs, tx.LockTime);
        }

        var hasher = new SignatureHasher(tx);
        return [.. coins.Select((c, i) => new SignatureJob(tx, hasher, i, c.Coin))];
    }
}
