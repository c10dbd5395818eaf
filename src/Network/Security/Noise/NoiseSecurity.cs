using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Crypto;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Security.Noise;

/// <summary>
/// The libp2p Noise security protocol, "/noise" (NOISE-1 to NOISE-4): an XX handshake that
/// authenticates both peers' libp2p identities, then a <see cref="SecureChannel"/>. One instance
/// serves every connection of a node; it holds the identity key and one static X25519 key whose
/// identity signature is computed once.
/// </summary>
public sealed partial class NoiseSecurity : IDisposable
{
    /// <summary>The multistream-select protocol id.</summary>
    public const string ProtocolId = "/noise";

    /// <summary>What the identity key signs, followed by the static X25519 public key (NOISE-2.2).</summary>
    internal static ReadOnlySpan<byte> StaticKeySignaturePrefix => "noise-libp2p-static-key:"u8;

    private readonly NoiseOptions _options;
    private readonly ILogger _logger;
    private readonly X25519KeyPair _staticKey;
    private readonly byte[] _payload;

    /// <param name="identity">Our identity key; not owned, it must outlive this instance.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="logger">Optional logger.</param>
    public NoiseSecurity(Ed25519PrivateKey identity, NoiseOptions? options = null, ILogger<NoiseSecurity>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _options = options ?? new NoiseOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        LocalPeer = identity.PeerId;
        _staticKey = X25519KeyPair.Generate();
        _payload = BuildPayload(identity, _staticKey.PublicKey, _options.StreamMuxers);
    }

    /// <summary>Our peer id, as proven to every remote.</summary>
    public PeerId LocalPeer { get; }

    /// <summary>
    /// Runs the handshake as initiator (the dialer) over <paramref name="transport"/>.
    /// </summary>
    /// <param name="transport">The raw connection; on failure it is completed with the error.</param>
    /// <param name="expectedRemote">The peer we meant to dial, or null to accept any identity.</param>
    /// <param name="ct">Cancels the handshake.</param>
    /// <exception cref="NoiseProtocolException">The remote misbehaved or proved another identity.</exception>
    /// <exception cref="TimeoutException">The handshake took longer than <see cref="NoiseOptions.HandshakeTimeout"/>.</exception>
    public Task<SecureChannel> SecureOutboundAsync(IDuplexPipe transport, PeerId? expectedRemote, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return RunHandshakeAsync(transport, initiator: true, expectedRemote, ct);
    }

    /// <summary>Runs the handshake as responder (the listener) over <paramref name="transport"/>.</summary>
    /// <inheritdoc cref="SecureOutboundAsync" path="/exception"/>
    public Task<SecureChannel> SecureInboundAsync(IDuplexPipe transport, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return RunHandshakeAsync(transport, initiator: false, expectedRemote: null, ct);
    }

    /// <summary>Releases the static X25519 key.</summary>
    public void Dispose() => _staticKey.Dispose();

    /// <summary>The encoded handshake payload: identity key, its signature over our static key, extensions.</summary>
    internal static byte[] BuildPayload(Ed25519PrivateKey identity, ReadOnlySpan<byte> staticPublicKey, IReadOnlyList<string> muxers)
    {
        var signed = new byte[StaticKeySignaturePrefix.Length + staticPublicKey.Length];
        StaticKeySignaturePrefix.CopyTo(signed);
        staticPublicKey.CopyTo(signed.AsSpan(StaticKeySignaturePrefix.Length));
        return new NoiseHandshakePayload
        {
            IdentityKey = identity.PublicKey.ToProtobuf(),
            IdentitySignature = identity.Sign(signed),
            StreamMuxers = muxers,
        }.ToBytes();
    }

    /// <summary>
    /// Checks the remote's payload (NOISE-2.3): a decodable identity key whose signature covers
    /// the remote static key, and the expected peer id when one was given.
    /// </summary>
    internal static (PeerId Peer, PublicKey Key, IReadOnlyList<string> Muxers) VerifyPayload(
        ReadOnlySpan<byte> payloadBytes, ReadOnlySpan<byte> remoteStaticKey, PeerId? expectedRemote)
    {
        var payload = NoiseHandshakePayload.Parse(payloadBytes);
        if (payload.IdentityKey.Length == 0 || payload.IdentitySignature.Length == 0)
        {
            throw new NoiseProtocolException("Noise handshake payload lacks the identity key or its signature.");
        }

        PublicKey key;
        try
        {
            key = PublicKey.FromProtobuf(payload.IdentityKey);
        }
        catch (InvalidKeyException ex)
        {
            throw new NoiseProtocolException($"Noise handshake payload carries an invalid identity key: {ex.Message}", ex);
        }

        Span<byte> signed = stackalloc byte[StaticKeySignaturePrefix.Length + remoteStaticKey.Length];
        StaticKeySignaturePrefix.CopyTo(signed);
        remoteStaticKey.CopyTo(signed[StaticKeySignaturePrefix.Length..]);
        var peer = PeerId.FromPublicKey(key);
        if (!key.Verify(signed, payload.IdentitySignature))
        {
            throw new NoiseProtocolException($"Noise identity signature of {peer} does not cover its static key.");
        }

        if (expectedRemote is not null && expectedRemote != peer)
        {
            throw new NoiseProtocolException($"Noise handshake: remote proved peer {peer}, expected {expectedRemote}.");
        }

        return (peer, key, payload.StreamMuxers);
    }
}
