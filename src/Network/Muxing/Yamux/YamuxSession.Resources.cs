namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// The session's side of the remote's unasked-traffic budget (PROT-2.3) and of the connection's
/// memory budget (RCM-3). While the remote owes bytes, window credit of the streams it opened is
/// held back here and granted once the budget is repaid: flow control, not a penalty, slows it.
/// </summary>
public sealed partial class YamuxSession
{
    private readonly IInboundBudget? _budget;
    private readonly IMuxerMemory? _memory;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _deferLock = new();
    private readonly List<YamuxStream> _deferred = [];
    private Task _creditPump = Task.CompletedTask;
    private bool _pumping;

    /// <summary>The remote's unasked-traffic budget, or null.</summary>
    internal IInboundBudget? Budget => _budget;

    /// <summary>The connection's memory budget, or null.</summary>
    internal IMuxerMemory? Memory => _memory;

    /// <inheritdoc />
    public (long Bytes, int Streams) ShedBuffered(long bytes)
    {
        List<YamuxStream> remoteOpened;
        lock (_streamsLock)
        {
            remoteOpened = _streams.Values.Where(s => !s.IsOutbound).ToList();
        }

        var largestFirst = remoteOpened.Select(s => (Stream: s, Bytes: s.AccountedMemory)).Where(e => e.Bytes > 0).OrderByDescending(e => e.Bytes);
        long released = 0;
        var count = 0;
        foreach (var (stream, held) in largestFirst)
        {
            if (released >= bytes)
            {
                break;
            }

            stream.Reset();
            released += held;
            count++;
        }

        return (released, count);
    }

    /// <inheritdoc />
    public int ShedPending(int count) => _inbound.Shed(count);

    /// <summary>
    /// Called by a remote-opened stream, under its lock, whose window credit is due while the remote
    /// owes bytes: the credit is granted when the budget is repaid.
    /// </summary>
    internal void DeferCredit(YamuxStream stream)
    {
        lock (_deferLock)
        {
            _deferred.Add(stream);
            if (_pumping || _shutdown.IsCancellationRequested)
            {
                return;
            }

            _pumping = true;
            _creditPump = PumpCreditAsync();
        }
    }

    private async Task PumpCreditAsync()
    {
        // Leave the caller's locks before waiting.
        await Task.Yield();
        try
        {
            while (true)
            {
                await _budget!.WaitForByteBudgetAsync(_shutdown.Token);
                YamuxStream[] due;
                lock (_deferLock)
                {
                    if (_deferred.Count == 0)
                    {
                        _pumping = false;
                        return;
                    }

                    due = [.. _deferred];
                    _deferred.Clear();
                }

                // A stream the remote pushed over budget again meanwhile defers itself anew.
                foreach (var stream in due)
                {
                    stream.ReleaseDeferredCredit();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The session is ending; nobody needs the credit any more.
        }
    }

    /// <summary>Stops the credit pump at teardown and waits for it.</summary>
    private async Task StopCreditPumpAsync()
    {
        Task pump;
        lock (_deferLock)
        {
            _shutdown.Cancel();
            pump = _creditPump;
            _deferred.Clear();
        }

        await pump;
    }
}
