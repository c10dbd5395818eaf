using System.Security.Cryptography;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;
using RustyNode.Network;
using RustyNode.Network.Addressing;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.Masternode.Liveness;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Sync;

namespace RustyNode.Protocols.Masternode;

public sealed partial class MasternodeBehaviour
{
    private readonly SemaphoreSlim _challengeSlots = new(MasternodeLimits.MaxConcurrentChallenges, MasternodeLimits.MaxConcurrentChallenges);
    private readonly Lock _challengeGate = new();
    private readonly HashSet<Task> _challenges = [];

    /// <summary>
    /// After the view moved to a new block, challenges the masternodes picked for it (MN-10.1): valid ones
    /// the node does not operate, not at one of its own listen addresses, not banned and not leaving.
    /// </summary>
    private void ScheduleChallenges(MasternodeView view)
    {
        var swarm = Swarm;
        var own = swarm.ListenAddresses.Select(a => a.WithoutP2p()).ToHashSet();
        var picked = PoSeSelector.Pick(
            view.List,
            view.BlockHash,
            swarm.LocalPeerId.ToBytes(),
            PoSeRules.ChallengesPerBlock,
            entry => PoSe.IsExempt(entry.ProTxHash) || _keys.Find(entry.ProTxHash, entry.OperatorKey) is not null || own.Contains(Multiaddr.FromBytes(entry.Service)));
        foreach (var entry in picked)
        {
            Track(RunChallengeAsync(entry, view.BlockHash, _shutdown.Token));
        }
    }

    private void Track(Task task)
    {
        lock (_challengeGate)
        {
            _challenges.Add(task);
        }

        BackgroundTask.Forget(
            task.ContinueWith(
                t =>
                {
                    lock (_challengeGate)
                    {
                        _challenges.Remove(t);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default),
            _logger,
            "masternode PoSe challenge");
    }

    private async Task WaitForChallengesAsync()
    {
        Task[] running;
        lock (_challengeGate)
        {
            running = [.. _challenges];
        }

        try
        {
            await Task.WhenAll(running);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunChallengeAsync(MasternodeEntry entry, Hash256 block, CancellationToken cancellationToken)
    {
        await _challengeSlots.WaitAsync(cancellationToken);
        PoSeOutcome outcome;
        try
        {
            outcome = await ChallengeAsync(entry, block, cancellationToken);
        }
        finally
        {
            _challengeSlots.Release();
        }

        PoSeCounters.Add(outcome);
        if (outcome != PoSeOutcome.Answered)
        {
            var (standing, banned) = PoSe.RecordFailure(entry, Swarm.TimeProvider.GetUtcNow());
            Log.PoSeFailed(_logger, entry.ProTxHash, outcome, standing.Penalty);
            if (banned)
            {
                Log.PoSeBanned(_logger, entry.ProTxHash, standing.Penalty);
            }
        }

        ChallengeCompleted?.Invoke(entry, outcome);
    }

    /// <summary>
    /// One challenge (MN-10.2): dial the registered service, ask for the operator's signature of a fresh
    /// nonce and the block, and check it with the operator key in the node's list, all within the PoSe timeout.
    /// </summary>
    public async Task<PoSeOutcome> ChallengeAsync(MasternodeEntry entry, Hash256 block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var swarm = Swarm;
        using var timeout = new CancellationTokenSource(_options.PoSeTimeout, swarm.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Connection connection;
        try
        {
            connection = await swarm.DialAsync(Multiaddr.FromBytes(entry.Service), linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return PoSeOutcome.TimedOut;
        }
        catch (SwarmException) when (!cancellationToken.IsCancellationRequested)
        {
            return timeout.IsCancellationRequested ? PoSeOutcome.TimedOut : PoSeOutcome.DialFailed;
        }

        await using (connection)
        {
            var challenge = new PoSeChallenge(entry.ProTxHash, new Hash256(RandomNumberGenerator.GetBytes(32)), block);
            IMasternodeMessage response;
            try
            {
                response = await _requests.SendRequestAsync(connection.RemotePeer, challenge, linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return PoSeOutcome.TimedOut;
            }
            catch (RequestFailedException ex)
            {
                return ex.Reason switch
                {
                    RequestFailure.Timeout => PoSeOutcome.TimedOut,
                    RequestFailure.MalformedResponse or RequestFailure.ResponseTooLarge => PoSeOutcome.BadResponse,
                    _ => PoSeOutcome.Refused,
                };
            }

            if (Answers(response, challenge, entry))
            {
                return PoSeOutcome.Answered;
            }

            Report(connection.RemotePeer, MasternodeScoreReasons.BadPoSeResponse, MasternodeScoreReasons.BadPoSeResponseWeight, $"a wrong answer to the challenge of {entry.ProTxHash}");
            return PoSeOutcome.BadResponse;
        }
    }

    private bool Answers(IMasternodeMessage response, PoSeChallenge challenge, MasternodeEntry entry) =>
        response is PoSeResponse answer
        && answer.ProTxHash == challenge.ProTxHash && answer.Nonce == challenge.Nonce && answer.BlockHash == challenge.BlockHash
        && PayloadSignature.Verify(_backend, entry.OperatorKey, answer.Signature, answer.SigningHash());
}
