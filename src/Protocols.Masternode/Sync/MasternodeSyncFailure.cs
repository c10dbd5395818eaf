namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>Why a list, a chunk or a diff was refused (MN-2.3, MN-3.3); each is a fault of the peer that sent it.</summary>
public enum MasternodeSyncFailure
{
    None = 0,

    /// <summary>The message is for another block than asked, or its header is unknown.</summary>
    WrongBlock,

    /// <summary>The carried transaction is not a coinbase of more than 64 bytes.</summary>
    NotACoinbase,

    /// <summary>The coinbase commits to another height than the header's.</summary>
    WrongHeight,

    /// <summary>The coinbase and its branch do not lead to the header's merkle root.</summary>
    BadMerkleBranch,

    /// <summary>The coinbase carries no masternode commitment.</summary>
    NoCommitment,

    /// <summary>The chunk's position, count or total disagrees with the commitment or the earlier chunks.</summary>
    ChunkMismatch,

    /// <summary>Entries or ids are not in strictly ascending order.</summary>
    Unordered,

    /// <summary>The diff adds a listed id, or updates or removes an unlisted one, or names an id twice.</summary>
    InconsistentDiff,

    /// <summary>The resulting list's count or root differs from the commitment.</summary>
    CommitmentMismatch,
}
