namespace RustyNode.Network.Muxing;

/// <summary>What a memory budget may ask of a muxer session that holds too much (RCM-3).</summary>
public interface IMuxerShedding
{
    /// <summary>
    /// Resets the remote-opened streams holding the most buffered bytes, largest first, until at
    /// least <paramref name="bytes"/> are released or none is left.
    /// </summary>
    /// <returns>The bytes released and the number of streams reset.</returns>
    (long Bytes, int Streams) ShedBuffered(long bytes);

    /// <summary>Resets up to <paramref name="count"/> streams still waiting for acceptance, oldest first.</summary>
    /// <returns>The number of streams reset.</returns>
    int ShedPending(int count);
}
