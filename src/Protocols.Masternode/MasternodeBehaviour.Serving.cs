using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network.Identity;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Sync;

namespace RustyNode.Protocols.Masternode;

public sealed partial class MasternodeBehaviour
{
    private readonly Lock _snapshotGate = new();
    private MasternodeListSnapshot? _lastSnapshot;

    /// <summary>
    /// Answers one request (MN-6): a chunk of the list at an active block, a diff between two active blocks,
    /// or a PoSe response for a masternode the node operates. Anything else is refused: the stream is reset.
    /// </summary>
    private ValueTask<IMasternodeMessage> HandleRequestAsync(PeerId peer, IMasternodeMessage request, CancellationToken cancellationToken)
    {
        IMasternodeMessage? response = request switch
        {
            MasternodeListRequest list => ServeChunk(list),
            MasternodeListSyncRequest diff => ServeDiff(diff),
            PoSeChallenge challenge => Answer(challenge),
            _ => null,
        };
        if (response is null)
        {
            Log.ServeRefused(_logger, request.Type, peer, "nothing to answer with");
            throw new MasternodeRequestRefusedException($"No answer to a {request.Type} from {peer}.");
        }

        return ValueTask.FromResult(response);
    }

    /// <summary>Chunk <c>i</c> of the list at the block (MN-6.1); the snapshot of the last block asked is kept, since its chunks come one by one.</summary>
    private MasternodeListResponse? ServeChunk(MasternodeListRequest request)
    {
        MasternodeListSnapshot? snapshot;
        lock (_snapshotGate)
        {
            snapshot = _lastSnapshot?.BlockHash == request.BlockHash ? _lastSnapshot : null;
        }

        if (snapshot is null)
        {
            snapshot = _chain.GetMasternodeListAt(request.BlockHash);
            if (snapshot is null)
            {
                return null;
            }

            lock (_snapshotGate)
            {
                _lastSnapshot = snapshot;
            }
        }

        return MasternodeSyncMessages.Chunk(snapshot, request.ChunkIndex);
    }

    /// <summary>The diff between two active blocks when within the diff limits (MN-6.2).</summary>
    private MasternodeListSync? ServeDiff(MasternodeListSyncRequest request) =>
        _chain.GetMasternodeDiff(request.BaseBlockHash, request.TargetBlockHash) is { } snapshot ? MasternodeSyncMessages.Diff(snapshot) : null;

    /// <summary>The signed answer to a challenge of a masternode whose current operator key the node holds (MN-6.3).</summary>
    private PoSeResponse? Answer(PoSeChallenge challenge)
    {
        var entry = FindOperated(challenge.ProTxHash, out var key);
        if (entry is null || key is null)
        {
            return null;
        }

        var hash = PoSeResponse.SigningHash(challenge.ProTxHash, challenge.Nonce, challenge.BlockHash);
        return new PoSeResponse(challenge.ProTxHash, challenge.Nonce, challenge.BlockHash, PayloadSignature.Sign(key, hash));
    }

    /// <summary>The entry of <paramref name="proTxHash"/> in the node's view when the node holds its current operator key.</summary>
    private MasternodeEntry? FindOperated(Hash256 proTxHash, out Consensus.Crypto.PrivateKey? key)
    {
        key = null;
        if (!Sync.View.List.TryGet(proTxHash, out var entry) || !entry.HasOperator)
        {
            return null;
        }

        key = _keys.Find(proTxHash, entry.OperatorKey);
        return key is null ? null : entry;
    }
}
