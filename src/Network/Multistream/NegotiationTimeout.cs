namespace RustyNode.Network.Multistream;

/// <summary>
/// The deadline of one negotiation: a token that fires when the caller cancels or the timeout
/// (measured on the options' <see cref="TimeProvider"/>) expires. Cancelling the token cancels the
/// pending pipe read itself, so the pipe stays usable for nobody-waits-forever cleanup.
/// </summary>
internal sealed class NegotiationTimeout : IDisposable
{
    private readonly CancellationTokenSource? _deadline;
    private readonly CancellationTokenSource? _linked;
    private readonly TimeSpan _timeout;

    private NegotiationTimeout(CancellationTokenSource? deadline, CancellationTokenSource? linked, TimeSpan timeout, CancellationToken token)
    {
        _deadline = deadline;
        _linked = linked;
        _timeout = timeout;
        Token = token;
    }

    public CancellationToken Token { get; }

    public static NegotiationTimeout Start(MultistreamOptions options, CancellationToken ct)
    {
        if (options.NegotiationTimeout == Timeout.InfiniteTimeSpan)
        {
            return new NegotiationTimeout(null, null, options.NegotiationTimeout, ct);
        }

        var deadline = new CancellationTokenSource(options.NegotiationTimeout, options.TimeProvider);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, ct);
        return new NegotiationTimeout(deadline, linked, options.NegotiationTimeout, linked.Token);
    }

    /// <summary>True when the deadline, not the caller, cancelled the negotiation.</summary>
    public bool HasExpired(CancellationToken callerToken) =>
        _deadline is { IsCancellationRequested: true } && !callerToken.IsCancellationRequested;

    public TimeoutException ToTimeoutException(Exception inner) =>
        new($"multistream-select did not complete within {_timeout}.", inner);

    public void Dispose()
    {
        _linked?.Dispose();
        _deadline?.Dispose();
    }
}
