using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;

namespace RustyNode.Network.Protection;

/// <summary>One peer's budget for unasked traffic, handed to the muxer of each of its connections (PROT-2).</summary>
internal sealed class PeerInboundBudget : IInboundBudget
{
    private readonly PeerProtection _owner;
    private readonly PeerState _state;
    private readonly PeerId _peer;

    public PeerInboundBudget(PeerProtection owner, PeerState state, PeerId peer)
    {
        _owner = owner;
        _state = state;
        _peer = peer;
    }

    /// <inheritdoc />
    public bool LimitsBytes => !double.IsPositiveInfinity(_state.Bytes.TokensPerSecond);

    /// <inheritdoc />
    public bool IsOverByteBudget => _owner.IsInDebt(_state.Bytes);

    /// <inheritdoc />
    public void ChargeStream() => _owner.ChargeUnaskedMessage(_peer, _state);

    /// <inheritdoc />
    public void ChargeBytes(long bytes) => _owner.ChargeUnaskedBytes(_state, bytes);

    /// <inheritdoc />
    public ValueTask WaitForByteBudgetAsync(CancellationToken cancellationToken) =>
        _owner.WaitOutDebtAsync(_peer, _state, _state.Bytes, cancellationToken);
}
