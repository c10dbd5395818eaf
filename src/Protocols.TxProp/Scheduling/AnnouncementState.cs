namespace RustyNode.Protocols.TxProp.Scheduling;

/// <summary>Where one (peer, txid) announcement stands in the request scheduler.</summary>
public enum AnnouncementState
{
    /// <summary>Announced, not yet asked for (ready once its request time has come).</summary>
    Candidate,

    /// <summary>Asked for; waiting for the transaction, a NotFound or the expiry.</summary>
    Requested,

    /// <summary>
    /// The transaction came and waits to be validated: no other peer is asked for it (TX-4.1), and
    /// it no longer counts against this peer's in-flight bound (TX-4.5). Validation forgets it.
    /// </summary>
    Received,

    /// <summary>Answered, not found or expired: never asked of this peer again.</summary>
    Completed,
}
