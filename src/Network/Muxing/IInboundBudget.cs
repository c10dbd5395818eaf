namespace RustyNode.Network.Muxing;

/// <summary>
/// The remote's budget for unasked traffic, as a muxer session sees it
/// (specs/network/14-protection.md, PROT-2): streams the remote opens and the payload it sends on
/// them. Payload on streams we opened answers our own requests and is never charged here.
/// </summary>
public interface IInboundBudget
{
    /// <summary>True when the budget has a finite byte rate (a yamux session then keeps remote-opened windows at their initial size).</summary>
    bool LimitsBytes { get; }

    /// <summary>True while the remote owes bytes: it sent more unasked payload than its budget allows so far.</summary>
    bool IsOverByteBudget { get; }

    /// <summary>The remote opened a stream: one unasked message (charged even when the stream is refused).</summary>
    void ChargeStream();

    /// <summary>The remote sent <paramref name="bytes"/> of payload on a stream it opened.</summary>
    void ChargeBytes(long bytes);

    /// <summary>Completes when the remote no longer owes bytes.</summary>
    ValueTask WaitForByteBudgetAsync(CancellationToken cancellationToken);
}
