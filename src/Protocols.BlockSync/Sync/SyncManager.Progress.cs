using System.Globalization;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>Progress (BS-8.1, BS-8.2): the snapshot the control interface reads, and the periodic log line.</summary>
internal sealed partial class SyncManager
{
    private long _lastProgressLog;
    private bool _wasSyncing;

    private void UpdateProgress()
    {
        var tip = _chain.TipInfo;
        var best = _chain.BestHeaderInfo;
        var peers = _peers.Values.Count(p => p.SpeaksBlockSync == true);
        var behind = best.Height > tip.Height || _peers.Values.Any(p => p.UnknownTip is not null);
        var state = _session is not null ? "headers"
            : _missing.Count > 0 ? "blocks"
            : peers == 0 && !behind ? "idle"
            : "synced";
        var blockRate = _blockRate.PerSecond;
        double? eta = blockRate > 0 ? (best.Height - tip.Height) / blockRate : best.Height == tip.Height ? 0 : null;
        var target = Math.Max(best.Height, tip.Height);
        Volatile.Write(ref _progress, new SyncProgress(
            state,
            tip.Height,
            best.Height,
            target,
            target == 0 ? 100 : 100.0 * tip.Height / target,
            _headerRate.PerSecond,
            blockRate,
            eta,
            peers,
            _session?.Peer.ToString(),
            _scheduler.InFlightCount,
            _buffer.Count,
            _scheduler.Stalls,
            _blocksReceived,
            _bytesReceived,
            _scheduler.Timeout.Current,
            _lastHeaderSync));

        if (_wasSyncing && state == "synced")
        {
            Log.Synced(_logger, tip.Height, tip.Hash);
        }

        _wasSyncing = state is "headers" or "blocks";
    }

    private void LogProgressIfDue()
    {
        UpdateProgress();
        var progress = Progress;
        if (progress.State is not ("headers" or "blocks") || _time.GetElapsedTime(_lastProgressLog) < _options.ProgressInterval)
        {
            return;
        }

        _lastProgressLog = _time.GetTimestamp();
        var eta = progress.EtaSeconds is { } seconds ? TimeSpan.FromSeconds(Math.Round(seconds)).ToString("c", CultureInfo.InvariantCulture) : "unknown";
        Log.Progress(_logger, progress.Height, progress.TargetHeight, progress.Percent, progress.Headers, progress.HeadersPerSecond, progress.BlocksPerSecond, eta, progress.Peers, progress.InFlight);
    }
}
