using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using RustyNode.Network.Identity;
using RustyNode.Network.Security.Noise;
using RustyNode.Network.Tests.Testing;
using RustyNode.Network.Transport.Memory;

namespace RustyNode.Network.Tests.Security;

public sealed class NoiseSecurityTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly Ed25519PrivateKey _dialerKey = Ed25519PrivateKey.FromSeedNumber(1);
    private readonly Ed25519PrivateKey _listenerKey = Ed25519PrivateKey.FromSeedNumber(2);

    public void Dispose()
    {
        _dialerKey.Dispose();
        _listenerKey.Dispose();
    }

    [Fact]
    [Trait("Clause", "NOISE-2.3")]
    [Trait("Clause", "NOISE-2.5")]
    public async Task Handshake_completes_in_both_roles_and_each_side_learns_the_other()
    {
        using var dialer = new NoiseSecurity(_dialerKey, new NoiseOptions { StreamMuxers = ["/yamux/1.0.0", "/mplex/6.7.0"] });
        using var listener = new NoiseSecurity(_listenerKey);
        var (left, right) = MemoryDuplexPipe.CreatePair();

        var inbound = listener.SecureInboundAsync(right, CancellationToken.None);
        await using var outboundChannel = await dialer.SecureOutboundAsync(left, _listenerKey.PeerId, CancellationToken.None).WaitAsync(Bound);
        await using var inboundChannel = await inbound.WaitAsync(Bound);

        Assert.Equal(_listenerKey.PeerId, outboundChannel.RemotePeer);
        Assert.Equal(_listenerKey.PublicKey, outboundChannel.RemotePublicKey);
        Assert.Empty(outboundChannel.RemoteMuxers);
        Assert.Equal(_dialerKey.PeerId, inboundChannel.RemotePeer);
        Assert.Equal(["/yamux/1.0.0", "/mplex/6.7.0"], inboundChannel.RemoteMuxers);
    }

    [Fact]
    [Trait("Clause", "NOISE-4.1")]
    public async Task Ten_megabytes_flow_both_ways_unchanged()
    {
        var (a, b) = await ConnectAsync();
        await using (a)
        await using (b)
        {
            var dataA = RandomBytes(10_000_000, 1);
            var dataB = RandomBytes(10_000_000, 2);
            var sends = Task.WhenAll(SendAsync(a.Output, dataA), SendAsync(b.Output, dataB));
            var receivedAtB = ReceiveAllAsync(b.Input);
            var receivedAtA = ReceiveAllAsync(a.Input);
            await sends.WaitAsync(Bound);
            Assert.Equal(SHA256.HashData(dataA), SHA256.HashData(await receivedAtB.WaitAsync(Bound)));
            Assert.Equal(SHA256.HashData(dataB), SHA256.HashData(await receivedAtA.WaitAsync(Bound)));
        }
    }

    [Fact]
    [Trait("Clause", "NOISE-3.2")]
    public async Task A_large_write_is_sealed_into_maximum_size_frames()
    {
        using var dialer = new NoiseSecurity(_dialerKey);
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var rawTask = RawNoisePeer.RespondAsync(right, RawNoisePeer.HonestPayload(_listenerKey));
        await using var channel = await dialer.SecureOutboundAsync(left, null, CancellationToken.None).WaitAsync(Bound);
        using var raw = await rawTask.WaitAsync(Bound);

        var data = RandomBytes(200_000, 3);
        await channel.Output.WriteAsync(data).AsTask().WaitAsync(Bound);
        var received = new List<byte>();
        var frameLengths = new List<int>();
        while (received.Count < data.Length)
        {
            var frame = await raw.ReadFrameAsync().WaitAsync(Bound);
            frameLengths.Add(frame.Length);
            received.AddRange(raw.Open(frame));
        }

        Assert.Equal(data, received.ToArray());
        Assert.Equal([65535, 65535, 65535, 200_000 - (3 * 65519) + 16], frameLengths);
    }

    [Fact]
    [Trait("Clause", "NOISE-1.4")]
    [Trait("Clause", "NOISE-2.2")]
    public async Task Our_payload_signs_the_prefixed_static_key_which_is_shared_by_all_connections()
    {
        using var dialer = new NoiseSecurity(_dialerKey);
        var statics = new List<byte[]>();
        for (var i = 0; i < 2; i++)
        {
            var (left, right) = MemoryDuplexPipe.CreatePair();
            var rawTask = RawNoisePeer.RespondAsync(right, RawNoisePeer.HonestPayload(_listenerKey));
            await using var channel = await dialer.SecureOutboundAsync(left, null, CancellationToken.None).WaitAsync(Bound);
            using var raw = await rawTask.WaitAsync(Bound);
            var payload = NoiseHandshakePayload.Parse(raw.RemotePayload);
            Assert.Equal(_dialerKey.PublicKey.ToProtobuf(), payload.IdentityKey);
            Assert.True(_dialerKey.PublicKey.Verify([.. "noise-libp2p-static-key:"u8, .. raw.RemoteStatic], payload.IdentitySignature));
            statics.Add(raw.RemoteStatic);
        }

        Assert.Equal(statics[0], statics[1]);
    }

    [Fact]
    [Trait("Clause", "NOISE-2.3")]
    public async Task Dialing_with_the_wrong_expected_peer_fails_with_a_clear_message()
    {
        using var dialer = new NoiseSecurity(_dialerKey);
        using var listener = new NoiseSecurity(_listenerKey);
        using var other = Ed25519PrivateKey.FromSeedNumber(3);
        var (left, right) = MemoryDuplexPipe.CreatePair();

        var inbound = listener.SecureInboundAsync(right, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<NoiseProtocolException>(
            () => dialer.SecureOutboundAsync(left, other.PeerId, CancellationToken.None).WaitAsync(Bound));
        Assert.Contains($"remote proved peer {_listenerKey.PeerId}, expected {other.PeerId}", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => inbound.WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "NOISE-2.3")]
    public async Task A_forged_identity_signature_is_rejected_and_the_transport_closed()
    {
        using var dialer = new NoiseSecurity(_dialerKey);
        using var impostor = Ed25519PrivateKey.FromSeedNumber(9);
        var (left, right) = MemoryDuplexPipe.CreatePair();

        // Claims the listener's identity but signs the static key with another key.
        var forged = (byte[] staticKey) => new NoiseHandshakePayload
        {
            IdentityKey = _listenerKey.PublicKey.ToProtobuf(),
            IdentitySignature = impostor.Sign([.. "noise-libp2p-static-key:"u8, .. staticKey]),
        }.ToBytes();
        var rawTask = RawNoisePeer.RespondAsync(right, forged);

        var ex = await Assert.ThrowsAsync<NoiseProtocolException>(
            () => dialer.SecureOutboundAsync(left, null, CancellationToken.None).WaitAsync(Bound));
        Assert.Contains("does not cover its static key", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => rawTask.WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "NOISE-2.3")]
    public async Task An_inbound_peer_with_a_forged_signature_is_rejected()
    {
        using var listener = new NoiseSecurity(_listenerKey);
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var forged = (byte[] staticKey) => NoiseSecurity.BuildPayload(_dialerKey, new byte[32], []);
        var raw = RawNoisePeer.InitiateAsync(left, forged);

        var ex = await Assert.ThrowsAsync<NoiseProtocolException>(() => listener.SecureInboundAsync(right, CancellationToken.None).WaitAsync(Bound));
        Assert.Contains("does not cover", ex.Message, StringComparison.Ordinal);
        (await raw.WaitAsync(Bound)).Dispose();
    }

    [Fact]
    [Trait("Clause", "NOISE-2.4")]
    public async Task Unknown_payload_fields_are_tolerated()
    {
        using var listener = new NoiseSecurity(_listenerKey);
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var honest = RawNoisePeer.HonestPayload(_dialerKey);

        // Field 3 (bytes), field 9 (varint) and an unknown extension field 7 are appended.
        var extended = (byte[] staticKey) => (byte[])[.. honest(staticKey), 0x1A, 0x02, 0xAB, 0xCD, 0x48, 0x96, 0x01, 0x22, 0x02, 0x38, 0x05];
        var raw = RawNoisePeer.InitiateAsync(left, extended);
        await using var channel = await listener.SecureInboundAsync(right, CancellationToken.None).WaitAsync(Bound);
        using var peer = await raw.WaitAsync(Bound);
        Assert.Equal(_dialerKey.PeerId, channel.RemotePeer);

        await peer.WriteFrameAsync("ping"u8);
        var read = await channel.Input.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal("ping"u8.ToArray(), read.Buffer.ToArray());
    }

    [Fact]
    [Trait("Clause", "NOISE-4.2")]
    [Trait("Clause", "NOISE-4.3")]
    public async Task Tampered_ciphertext_faults_the_channel_and_closes_the_transport()
    {
        var (channel, raw) = await DialRawListenerAsync();
        await using (channel)
        using (raw)
        {
            var frame = new byte[2 + 5 + 16];
            frame[1] = 21;
            raw.Send!.Encrypt(default, "hello"u8, frame.AsSpan(2));
            frame[4] ^= 0x80;
            await raw.WriteRawAsync(frame);

            var ex = await Assert.ThrowsAsync<NoiseProtocolException>(() => channel.Input.ReadAsync().AsTask().WaitAsync(Bound));
            Assert.Contains("authentication tag", ex.Message, StringComparison.Ordinal);
            await AssertTransportClosedAsync(raw);
        }
    }

    [Fact]
    [Trait("Clause", "NOISE-4.3")]
    public async Task A_frame_declaring_65535_bytes_of_garbage_gives_a_clear_error()
    {
        var (channel, raw) = await DialRawListenerAsync();
        await using (channel)
        using (raw)
        {
            var frame = RandomBytes(2 + 65535, 5);
            frame[0] = 0xFF;
            frame[1] = 0xFF;
            await raw.WriteRawAsync(frame);

            var ex = await Assert.ThrowsAsync<NoiseProtocolException>(() => channel.Input.ReadAsync().AsTask().WaitAsync(Bound));
            Assert.Contains("authentication tag does not match", ex.Message, StringComparison.Ordinal);
            await AssertTransportClosedAsync(raw);
        }
    }

    [Fact]
    [Trait("Clause", "NOISE-3.3")]
    public async Task A_frame_shorter_than_the_tag_is_rejected()
    {
        var (channel, raw) = await DialRawListenerAsync();
        await using (channel)
        using (raw)
        {
            await raw.WriteRawAsync([0x00, 0x05, 1, 2, 3, 4, 5]);
            var ex = await Assert.ThrowsAsync<NoiseProtocolException>(() => channel.Input.ReadAsync().AsTask().WaitAsync(Bound));
            Assert.Contains("shorter than its 16-byte authentication tag", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait("Clause", "NOISE-3.4")]
    public async Task A_handshake_message_over_the_limit_is_rejected_before_it_is_buffered()
    {
        using var listener = new NoiseSecurity(_listenerKey);
        var (left, right) = MemoryDuplexPipe.CreatePair();
        await left.Output.WriteAsync(new byte[] { 0xFF, 0xFF, 0x00 });

        var ex = await Assert.ThrowsAsync<NoiseProtocolException>(() => listener.SecureInboundAsync(right, CancellationToken.None).WaitAsync(Bound));
        Assert.Contains("exceeds the limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "NOISE-3.5")]
    public async Task A_stalled_handshake_times_out_instead_of_hanging()
    {
        var clock = new FakeClock();
        var timeout = TimeSpan.FromHours(1);
        using var listener = new NoiseSecurity(_listenerKey, new NoiseOptions { HandshakeTimeout = timeout, TimeProvider = clock });
        var (left, right) = MemoryDuplexPipe.CreatePair();
        await left.Output.WriteAsync(new byte[] { 0x00, 0x20, 1, 2, 3 });

        var handshake = listener.SecureInboundAsync(right, CancellationToken.None);
        await clock.AdvanceWhenArmedAsync(timeout, Bound);
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => handshake.WaitAsync(Bound));
        Assert.Contains("did not complete", ex.Message, StringComparison.Ordinal);
        var ended = await ReadEndsAsync(left.Input).WaitAsync(Bound);
        Assert.True(ended);
    }

    [Fact]
    [Trait("Clause", "NOISE-3.5")]
    public async Task A_truncated_handshake_followed_by_close_is_an_error()
    {
        using var dialer = new NoiseSecurity(_dialerKey);
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var dial = dialer.SecureOutboundAsync(left, null, CancellationToken.None);
        await right.Output.WriteAsync(new byte[] { 0x00, 0x60, 1, 2, 3 });
        await right.Output.CompleteAsync();

        var ex = await Assert.ThrowsAsync<NoiseProtocolException>(() => dial.WaitAsync(Bound));
        Assert.Contains("closed during the Noise handshake", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "NOISE-4.4")]
    public async Task Completing_output_half_closes_and_the_remote_input_ends_cleanly()
    {
        var (a, b) = await ConnectAsync();
        await using (a)
        await using (b)
        {
            await a.Output.WriteAsync("last words"u8.ToArray());
            await a.Output.CompleteAsync();
            Assert.Equal("last words"u8.ToArray(), await ReceiveAllAsync(b.Input).WaitAsync(Bound));

            await b.Output.WriteAsync("reply"u8.ToArray());
            var read = await a.Input.ReadAsync().AsTask().WaitAsync(Bound);
            Assert.Equal("reply"u8.ToArray(), read.Buffer.ToArray());
            a.Input.AdvanceTo(read.Buffer.End);
        }
    }

    [Fact]
    [Trait("Clause", "NOISE-4.4")]
    public async Task Disposing_twice_is_safe_and_ends_the_remote_input()
    {
        var (a, b) = await ConnectAsync();
        await a.DisposeAsync().AsTask().WaitAsync(Bound);
        await a.DisposeAsync().AsTask().WaitAsync(Bound);
        Assert.Empty(await ReceiveAllAsync(b.Input).WaitAsync(Bound));
        await b.DisposeAsync().AsTask().WaitAsync(Bound);
    }

    private async Task<(SecureChannel Dialer, SecureChannel Listener)> ConnectAsync()
    {
        var dialer = new NoiseSecurity(_dialerKey);
        var listener = new NoiseSecurity(_listenerKey);
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var inbound = listener.SecureInboundAsync(right, CancellationToken.None);
        var outbound = await dialer.SecureOutboundAsync(left, _listenerKey.PeerId, CancellationToken.None).WaitAsync(Bound);
        return (outbound, await inbound.WaitAsync(Bound));
    }

    private async Task<(SecureChannel Channel, RawNoisePeer Raw)> DialRawListenerAsync()
    {
        using var dialer = new NoiseSecurity(_dialerKey);
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var rawTask = RawNoisePeer.RespondAsync(right, RawNoisePeer.HonestPayload(_listenerKey));
        var channel = await dialer.SecureOutboundAsync(left, _listenerKey.PeerId, CancellationToken.None).WaitAsync(Bound);
        return (channel, await rawTask.WaitAsync(Bound));
    }

    private static async Task AssertTransportClosedAsync(RawNoisePeer raw)
    {
        // Our side completed its transport output (with the error): the raw peer's reads end.
        var ended = await raw.TryReadFrameAsync().WaitAsync(Bound).ContinueWith(t => t.IsFaulted || t.Result is null, TaskScheduler.Default);
        Assert.True(ended);
    }

    private static async Task<bool> ReadEndsAsync(PipeReader input)
    {
        try
        {
            return (await input.ReadAsync()).IsCompleted;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task SendAsync(PipeWriter output, byte[] data)
    {
        var random = new Random(data.Length);
        var offset = 0;
        while (offset < data.Length)
        {
            var chunk = Math.Min(random.Next(1, 100_000), data.Length - offset);
            await output.WriteAsync(data.AsMemory(offset, chunk));
            offset += chunk;
        }

        await output.CompleteAsync();
    }

    private static async Task<byte[]> ReceiveAllAsync(PipeReader input)
    {
        var received = new MemoryStream();
        while (true)
        {
            var result = await input.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                received.Write(segment.Span);
            }

            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return received.ToArray();
            }
        }
    }
}
