using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>What the sync manager knows of one peer.</summary>
internal sealed class SyncPeer(PeerId id)
{
    public PeerId Id { get; } = id;

    /// <summary>False once a request showed the peer does not speak the protocol; true once it answered one.</summary>
    public bool? SpeaksBlockSync { get; set; }

    /// <summary>The best indexed header the peer sent or announced (BS-5.2).</summary>
    public Hash256? BestKnown { get; set; }

    /// <summary>A tip it announced that we could not place yet (BS-4.6).</summary>
    public Hash256? UnknownTip { get; set; }

    /// <summary>Blocks above this height were asked of it and not delivered (BS-5.3); reset by its next announcement.</summary>
    public int LacksAbove { get; set; } = int.MaxValue;

    /// <summary>Our tip as the peer last heard it from us (or told us).</summary>
    public Hash256? ToldTip { get; set; }

    /// <summary>True while an announcement to it is in flight.</summary>
    public bool AnnouncePending { get; set; }

    /// <summary>When we last announced to it (timestamp).</summary>
    public long LastAnnounceAt { get; set; }
}
