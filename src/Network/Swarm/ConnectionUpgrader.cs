using System.IO.Pipelines;
using RustyNode.Network.Identity;
using RustyNode.Network.Multistream;
using RustyNode.Network.Muxing;
using RustyNode.Network.Security.Noise;

namespace RustyNode.Network.Swarm;

/// <summary>
/// The upgrade path of every connection, in one place (specs/network/09-connections.md, CONN-1):
/// TCP → multistream-select → Noise → multistream-select → muxer. Streams then negotiate their
/// protocol with multistream-select again, in the swarm.
/// </summary>
public sealed class ConnectionUpgrader
{
    private readonly NoiseSecurity _security;
    private readonly IReadOnlyList<IStreamMuxer> _muxers;
    private readonly string[] _muxerIds;
    private readonly MultistreamOptions? _negotiation;

    /// <param name="security">The Noise handshake with our identity key.</param>
    /// <param name="muxers">Muxers in order of preference; the dialer proposes them in this order.</param>
    /// <param name="negotiation">multistream-select settings (its timeout and clock); the defaults when null.</param>
    public ConnectionUpgrader(NoiseSecurity security, IReadOnlyList<IStreamMuxer> muxers, MultistreamOptions? negotiation = null)
    {
        ArgumentNullException.ThrowIfNull(muxers);
        if (muxers.Count == 0)
        {
            throw new ArgumentException("At least one muxer is required.", nameof(muxers));
        }

        _security = security;
        _muxers = muxers;
        _muxerIds = muxers.Select(m => m.ProtocolId).ToArray();
        _negotiation = negotiation;
    }

    /// <summary>Secures and multiplexes a connection we dialed.</summary>
    /// <param name="expectedRemote">The peer id the dialed address named, if any; another identity fails the dial.</param>
    /// <param name="admit">
    /// Called once the remote is proven, before the muxer is negotiated: returns the pipe the muxer
    /// runs over (the secured channel, or a wrapper of it) and what the muxer charges the remote's
    /// traffic to, or throws to refuse the peer.
    /// </param>
    public async Task<UpgradedConnection> UpgradeOutboundAsync(
        IDuplexPipe transport, PeerId? expectedRemote, Func<PeerId, IDuplexPipe, AdmittedChannel>? admit, CancellationToken cancellationToken)
    {
        try
        {
            await MultistreamSelect.SelectAsync(transport, [NoiseSecurity.ProtocolId], _negotiation, null, cancellationToken);
        }
        catch (IOException ex)
        {
            // A listener refusing us by its connection limits or a ban closes before reading a byte
            // (CM-1.3, CM-2.1, PROT-4): "closed during negotiation" alone left operators guessing.
            throw new IOException($"The listener ended the connection before answering the first negotiation ({ex.Message}); it may be at a connection limit or banning this node.", ex);
        }

        var secure = await _security.SecureOutboundAsync(transport, expectedRemote, cancellationToken);
        try
        {
            var (channel, resources) = admit is null ? new AdmittedChannel(secure, MuxerResources.None) : admit(secure.RemotePeer, secure);
            var muxerId = await MultistreamSelect.SelectAsync(channel, _muxerIds, _negotiation, null, cancellationToken);
            var muxer = _muxers.First(m => m.ProtocolId == muxerId);
            return new UpgradedConnection(secure, muxer.Start(channel, isInitiator: true, resources), muxerId, resources);
        }
        catch
        {
            await secure.DisposeAsync();
            throw;
        }
    }

    /// <summary>Secures and multiplexes a connection the remote dialed.</summary>
    /// <param name="admit">As for <see cref="UpgradeOutboundAsync"/>.</param>
    public async Task<UpgradedConnection> UpgradeInboundAsync(
        IDuplexPipe transport, Func<PeerId, IDuplexPipe, AdmittedChannel>? admit, CancellationToken cancellationToken)
    {
        await MultistreamSelect.HandleAsync(transport, static id => id == NoiseSecurity.ProtocolId, _negotiation, null, cancellationToken);
        var secure = await _security.SecureInboundAsync(transport, cancellationToken);
        try
        {
            var (channel, resources) = admit is null ? new AdmittedChannel(secure, MuxerResources.None) : admit(secure.RemotePeer, secure);
            var muxerId = await MultistreamSelect.HandleAsync(channel, id => Array.IndexOf(_muxerIds, id) >= 0, _negotiation, null, cancellationToken);
            var muxer = _muxers.First(m => m.ProtocolId == muxerId);
            return new UpgradedConnection(secure, muxer.Start(channel, isInitiator: false, resources), muxerId, resources);
        }
        catch
        {
            await secure.DisposeAsync();
            throw;
        }
    }
}
