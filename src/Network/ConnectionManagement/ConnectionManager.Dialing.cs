using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.ConnectionManagement;

public sealed partial class ConnectionManager
{
    /// <summary>Keeps one bootstrap peer connected, re-dialing with exponential backoff (CM-5).</summary>
    private async Task KeepConnectedAsync(Multiaddr address, CancellationToken cancellationToken)
    {
        var swarm = _swarm!;
        var peer = address.TryGetPeerIdBytes(out var bytes) ? PeerId.FromBytes(bytes) : null;
        var delay = _options.ReconnectInitialDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (peer is not null && _protection?.GetBan(peer) is { } ban)
                {
                    throw new SwarmException($"{peer} is banned until {ban.Until:O}.");
                }

                var connection = await swarm.DialAsync(address, cancellationToken);
                delay = _options.ReconnectInitialDelay;
                await connection.Completion.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
            catch (SwarmException ex)
            {
                Log.BootstrapRetry(_logger, address, delay, ex.Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = NextDelay(delay, _options.ReconnectMaxDelay);
        }
    }

    /// <summary>The delay after <paramref name="delay"/>: doubled, at most <paramref name="max"/> (CM-5.2).</summary>
    internal static TimeSpan NextDelay(TimeSpan delay, TimeSpan max) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, max.Ticks));

    /// <summary>Every interval: trim above the maximum, dial stored peers below the minimum, save the store.</summary>
    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.MaintenanceInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await TrimAsync();
                await DialStoredPeersAsync(cancellationToken);
                SaveStore();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task DialStoredPeersAsync(CancellationToken cancellationToken)
    {
        var live = _live.Values.ToArray();
        var outbound = live.Count(c => c.Direction == ConnectionDirection.Outbound);
        var wanted = Math.Min(_options.MinConnections - live.Length, _options.TargetOutbound - outbound);
        if (wanted <= 0)
        {
            return;
        }

        var connected = live.Select(c => c.RemotePeer).ToHashSet();
        var candidates = _store.Records
            .Where(r => r.Addresses.Count > 0 && !connected.Contains(r.Peer) && r.Peer != _swarm!.LocalPeerId && _protection?.GetBan(r.Peer) is null)
            .OrderByDescending(r => r.Score)
            .ThenByDescending(r => r.LastSeen)
            .Take(wanted);
        foreach (var record in candidates)
        {
            Log.DialingStoredPeer(_logger, record.Peer, live.Length, _options.MinConnections);
            var address = record.Addresses[0].TryGetPeerIdBytes(out _) ? record.Addresses[0] : record.Addresses[0].WithP2p(record.Peer.ToBytes());
            try
            {
                await _swarm!.DialAsync(address, cancellationToken);
            }
            catch (SwarmException)
            {
                // Logged by the swarm; the next round tries again or another peer.
            }
        }
    }

    private void SaveStore()
    {
        try
        {
            _protection?.SaveScores();
            _store.Save();
        }
        catch (IOException ex)
        {
            Log.PeerStoreSaveFailed(_logger, ex.Message);
        }
    }
}
