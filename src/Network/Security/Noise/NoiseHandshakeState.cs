using RustyNode.Network.Crypto;

namespace RustyNode.Network.Security.Noise;

/// <summary>
/// The XX handshake of Noise_XX_25519_ChaChaPoly_SHA256 (NOISE-1):
/// <c>-&gt; e</c>; <c>&lt;- e, ee, s, es</c>; <c>-&gt; s, se</c>. Written out message by message
/// rather than as a generic token interpreter: XX is the only pattern libp2p uses.
/// </summary>
internal sealed class NoiseHandshakeState : IDisposable
{
    public const string ProtocolName = "Noise_XX_25519_ChaChaPoly_SHA256";

    private const int DhLength = X25519KeyPair.KeySize;
    private const int EncryptedKeyLength = DhLength + NoiseLimits.TagLength;

    private readonly SymmetricState _symmetric = new(ProtocolName);
    private readonly X25519KeyPair _static;
    private readonly X25519KeyPair _ephemeral;
    private readonly byte[] _remoteEphemeral = new byte[DhLength];
    private readonly byte[] _remoteStatic = new byte[DhLength];
    private int _step;

    /// <param name="initiator">True for the dialer.</param>
    /// <param name="staticKey">Our static key (not owned; it outlives the handshake).</param>
    /// <param name="prologue">Mixed into the handshake hash; empty for libp2p.</param>
    /// <param name="ephemeralKey">An ephemeral key to use (owned); tests inject fixed ones.</param>
    public NoiseHandshakeState(bool initiator, X25519KeyPair staticKey, ReadOnlySpan<byte> prologue, X25519KeyPair? ephemeralKey = null)
    {
        Initiator = initiator;
        _static = staticKey;
        _ephemeral = ephemeralKey ?? X25519KeyPair.Generate();
        _symmetric.MixHash(prologue);
    }

    public bool Initiator { get; }

    /// <summary>The remote static X25519 key, known after message 2 (initiator) or 3 (responder).</summary>
    public ReadOnlySpan<byte> RemoteStaticKey => _remoteStatic;

    public ReadOnlySpan<byte> HandshakeHash => _symmetric.HandshakeHash;

    /// <summary>Largest message produced for <paramref name="payloadLength"/> payload bytes.</summary>
    public static int MaxMessageLength(int payloadLength) => DhLength + EncryptedKeyLength + payloadLength + NoiseLimits.TagLength;

    /// <summary>Writes the next handshake message of our role.</summary>
    public int WriteMessage(ReadOnlySpan<byte> payload, Span<byte> message)
    {
        var written = (_step, Initiator) switch
        {
            (0, true) => WriteEphemeral(message),
            (1, false) => WriteResponderKeys(message),
            (2, true) => WriteInitiatorStatic(message),
            _ => throw new InvalidOperationException($"Handshake step {_step} is not ours to write."),
        };
        written += _symmetric.EncryptAndHash(payload, message[written..]);
        _step++;
        return written;
    }

    /// <summary>Reads the next handshake message of the remote's role and returns its payload.</summary>
    /// <exception cref="NoiseProtocolException">Truncated, undecryptable, or a degenerate key.</exception>
    public byte[] ReadMessage(ReadOnlySpan<byte> message)
    {
        var read = (_step, Initiator) switch
        {
            (0, false) => ReadEphemeral(message),
            (1, true) => ReadResponderKeys(message),
            (2, false) => ReadInitiatorStatic(message),
            _ => throw new InvalidOperationException($"Handshake step {_step} is not theirs to write."),
        };
        var payload = new byte[Math.Max(0, message.Length - read - (_symmetric.HasKey ? NoiseLimits.TagLength : 0))];
        var length = _symmetric.DecryptAndHash(message[read..], payload);
        _step++;
        return payload.Length == length ? payload : payload[..length];
    }

    /// <summary>After the third message: (sending, receiving) transport CipherStates for our role.</summary>
    public (CipherState Send, CipherState Receive) Split()
    {
        if (_step != 3)
        {
            throw new InvalidOperationException("The handshake is not complete.");
        }

        var (first, second) = _symmetric.Split();
        return Initiator ? (first, second) : (second, first);
    }

    public void Dispose()
    {
        _ephemeral.Dispose();
        _symmetric.Dispose();
    }

    private int WriteEphemeral(Span<byte> message)
    {
        _ephemeral.PublicKey.CopyTo(message);
        _symmetric.MixHash(_ephemeral.PublicKey);
        return DhLength;
    }

    private int ReadEphemeral(ReadOnlySpan<byte> message)
    {
        RequireLength(message, DhLength);
        message[..DhLength].CopyTo(_remoteEphemeral);
        _symmetric.MixHash(_remoteEphemeral);
        return DhLength;
    }

    private int WriteResponderKeys(Span<byte> message)
    {
        var written = WriteEphemeral(message);
        MixDh(_ephemeral, _remoteEphemeral); // ee
        written += _symmetric.EncryptAndHash(_static.PublicKey, message[written..]); // s
        MixDh(_static, _remoteEphemeral); // es
        return written;
    }

    private int ReadResponderKeys(ReadOnlySpan<byte> message)
    {
        RequireLength(message, DhLength + EncryptedKeyLength);
        var read = ReadEphemeral(message);
        MixDh(_ephemeral, _remoteEphemeral); // ee
        read += ReadStatic(message[read..]); // s
        MixDh(_ephemeral, _remoteStatic); // es
        return read;
    }

    private int WriteInitiatorStatic(Span<byte> message)
    {
        var written = _symmetric.EncryptAndHash(_static.PublicKey, message); // s
        MixDh(_static, _remoteEphemeral); // se
        return written;
    }

    private int ReadInitiatorStatic(ReadOnlySpan<byte> message)
    {
        RequireLength(message, EncryptedKeyLength);
        var read = ReadStatic(message); // s
        MixDh(_ephemeral, _remoteStatic); // se
        return read;
    }

    private int ReadStatic(ReadOnlySpan<byte> message)
    {
        _symmetric.DecryptAndHash(message[..EncryptedKeyLength], _remoteStatic);
        return EncryptedKeyLength;
    }

    private void MixDh(X25519KeyPair local, ReadOnlySpan<byte> remote)
    {
        Span<byte> secret = stackalloc byte[DhLength];
        if (!local.TryDeriveSharedSecret(remote, secret))
        {
            throw new NoiseProtocolException("Noise key agreement failed: the remote sent a degenerate X25519 key.");
        }

        _symmetric.MixKey(secret);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
    }

    private static void RequireLength(ReadOnlySpan<byte> message, int length)
    {
        if (message.Length < length)
        {
            throw new NoiseProtocolException($"Noise handshake message of {message.Length} bytes is shorter than the {length} bytes its keys need.");
        }
    }
}
