using RustyNode.Network.Identity;

namespace RustyNode.Network.Protection;

public sealed partial class PeerProtection
{
    /// <summary>Bans in force, soonest to expire first.</summary>
    public IReadOnlyList<PeerBan> Bans
    {
        get
        {
            var now = _time.GetUtcNow();
            return _bans.Values.Where(b => b.Until > now).OrderBy(b => b.Until).ToArray();
        }
    }

    /// <summary>The peer's ban in force, or null.</summary>
    public PeerBan? GetBan(PeerId peer)
    {
        if (!_bans.TryGetValue(peer, out var ban))
        {
            return null;
        }

        if (ban.Until > _time.GetUtcNow())
        {
            return ban;
        }

        // Expired: forget it, here and in the store (PROT-4.3).
        if (_bans.TryRemove(new KeyValuePair<PeerId, PeerBan>(peer, ban)))
        {
            _store.Update(peer, r => r with { BannedUntil = null, BanReason = null });
            SaveStore();
        }

        return null;
    }

    /// <summary>Bans <paramref name="peer"/> for <paramref name="duration"/>, saves the ban and disconnects the peer (PROT-4.1).</summary>
    public PeerBan Ban(PeerId peer, TimeSpan duration, string reason)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (duration <= TimeSpan.Zero || duration > ProtectionLimits.MaxBanDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), $"A ban lasts more than zero and at most {ProtectionLimits.MaxBanDuration.TotalDays} days.");
        }

        var ban = new PeerBan(peer, _time.GetUtcNow() + duration, reason);
        _bans[peer] = ban;
        _store.Update(peer, r => r with { BannedUntil = ban.Until, BanReason = reason });
        SaveStore();
        Log.PeerBanned(_logger, peer, ban.Until, reason);
        if (_swarm is { } swarm)
        {
            swarm.Publish(new PeerBanned(peer, ban.Until, reason));
            BackgroundTask.Forget(swarm.DisconnectAsync(peer), _logger, "disconnect banned peer");
        }

        return ban;
    }

    /// <summary>Lifts the peer's ban and resets its reputation to zero. False when it was not banned.</summary>
    public bool Unban(PeerId peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var removed = _bans.TryRemove(peer, out _);
        GetState(peer).ResetReputation(_time.GetTimestamp());
        _store.Update(peer, r => r with { BannedUntil = null, BanReason = null, Score = 0 });
        SaveStore();
        Log.PeerUnbanned(_logger, peer);
        return removed;
    }

    private void SaveStore()
    {
        try
        {
            _store.Save();
        }
        catch (IOException ex)
        {
            Log.PeerStoreSaveFailed(_logger, ex.Message);
        }
    }
}
