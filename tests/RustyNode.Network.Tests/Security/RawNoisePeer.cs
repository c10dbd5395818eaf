using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using RustyNode.Network.Crypto;
using RustyNode.Network.Identity;
using RustyNode.Network.Security.Noise;

namespace RustyNode.Network.Tests.Security;

/// <summary>
/// A hand-driven Noise peer for tests: it runs the XX handshake message by message with a payload
/// the test chooses (forged, extended, ...) and then reads and writes raw frames.
/// </summary>
internal sealed class RawNoisePeer : IDisposable
{
    private readonly IDuplexPipe _pipe;

    private RawNoisePeer(IDuplexPipe pipe, X25519KeyPair staticKey)
    {
        _pipe = pipe;
        Static = staticKey;
    }

    public X25519KeyPair Static { get; }

    public CipherState? Send { get; private set; }

    public CipherState? Receive { get; private set; }

    public byte[] RemotePayload { get; private set; } = [];

    public byte[] RemoteStatic { get; private set; } = [];

    public IDuplexPipe Pipe => _pipe;

    /// <summary>The normal payload of <paramref name="identity"/> for this peer's static key.</summary>
    public static Func<byte[], byte[]> HonestPayload(Ed25519PrivateKey identity) =>
        staticKey => NoiseSecurity.BuildPayload(identity, staticKey, []);

    public static async Task<RawNoisePeer> RespondAsync(IDuplexPipe pipe, Func<byte[], byte[]> payload)
    {
        var peer = new RawNoisePeer(pipe, X25519KeyPair.Generate());
        using var state = new NoiseHandshakeState(false, peer.Static, default);
        state.ReadMessage(await peer.ReadFrameAsync());
        await peer.WriteHandshakeAsync(state, payload(peer.Static.PublicKey.ToArray()));
        peer.RemotePayload = state.ReadMessage(await peer.ReadFrameAsync());
        peer.RemoteStatic = state.RemoteStaticKey.ToArray();
        (peer.Send, peer.Receive) = state.Split();
        return peer;
    }

    public static async Task<RawNoisePeer> InitiateAsync(IDuplexPipe pipe, Func<byte[], byte[]> payload)
    {
        var peer = new RawNoisePeer(pipe, X25519KeyPair.Generate());
        using var state = new NoiseHandshakeState(true, peer.Static, default);
        await peer.WriteHandshakeAsync(state, []);
        peer.RemotePayload = state.ReadMessage(await peer.ReadFrameAsync());
        await peer.WriteHandshakeAsync(state, payload(peer.Static.PublicKey.ToArray()));
        (peer.Send, peer.Receive) = state.Split();
        return peer;
    }

    public async Task WriteRawAsync(byte[] bytes)
    {
        await _pipe.Output.WriteAsync(bytes);
    }

    public Task WriteFrameAsync(ReadOnlySpan<byte> plaintext)
    {
        var frame = new byte[2 + plaintext.Length + 16];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)(plaintext.Length + 16));
        Send!.Encrypt(default, plaintext, frame.AsSpan(2));
        return WriteRawAsync(frame);
    }

    /// <summary>Reads one frame body; null when the connection ended.</summary>
    public async Task<byte[]?> TryReadFrameAsync()
    {
        while (true)
        {
            var result = await _pipe.Input.ReadAsync();
            var buffer = result.Buffer;
            if (buffer.Length >= 2)
            {
                var header = buffer.Slice(0, 2).ToArray();
                var length = BinaryPrimitives.ReadUInt16BigEndian(header);
                if (buffer.Length >= 2 + length)
                {
                    var body = buffer.Slice(2, length).ToArray();
                    _pipe.Input.AdvanceTo(buffer.GetPosition(2 + length));
                    return body;
                }
            }

            _pipe.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    public async Task<byte[]> ReadFrameAsync() =>
        await TryReadFrameAsync() ?? throw new InvalidOperationException("The connection ended.");

    public byte[] Open(byte[] frame)
    {
        var plaintext = new byte[frame.Length - 16];
        Receive!.Decrypt(default, frame, plaintext);
        return plaintext;
    }

    public void Dispose()
    {
        Static.Dispose();
        Send?.Dispose();
        Receive?.Dispose();
    }

    private async Task WriteHandshakeAsync(NoiseHandshakeState state, byte[] payload)
    {
        var buffer = new byte[2 + NoiseHandshakeState.MaxMessageLength(payload.Length)];
        var written = state.WriteMessage(payload, buffer.AsSpan(2));
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)written);
        await WriteRawAsync(buffer[..(2 + written)]);
    }
}
