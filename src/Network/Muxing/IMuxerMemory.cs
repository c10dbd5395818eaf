namespace RustyNode.Network.Muxing;

/// <summary>
/// One connection's share of the node's memory budget, as a muxer session sees it
/// (specs/network/16-resource-limits.md, RCM): the streams the remote opened that wait to be
/// accepted, and the inbound bytes buffered for readers. The session asks before it queues a
/// stream, reports every change to what it buffers, and lets the budget shed load through
/// <see cref="IMuxerShedding"/>. Calls are cheap and never block; none is made under a lock the
/// budget could need.
/// </summary>
public interface IMuxerMemory
{
    /// <summary>A stream the remote opened wants to wait for acceptance. False: refuse it.</summary>
    bool TryAddPendingStream();

    /// <summary>A pending stream was accepted or dropped.</summary>
    void RemovePendingStream();

    /// <summary>The bytes buffered for stream readers changed by <paramref name="delta"/> (negative when released).</summary>
    void AddBuffered(long delta);

    /// <summary>May a stream's receive window grow by <paramref name="bytes"/> (more buffering the remote may fill)?</summary>
    bool MayGrowWindow(long bytes);

    /// <summary>
    /// Called by the session's read loop after each batch of frames, outside its locks: if this
    /// connection or the node is over a limit, the budget sheds (here or on another connection).
    /// </summary>
    void Enforce();

    /// <summary>The session registers how the budget may shed its load. Called once, at start.</summary>
    void Attach(IMuxerShedding session);
}
