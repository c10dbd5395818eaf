using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Security.Noise;

/// <summary>The handshake driver: three framed messages over the transport pipes.</summary>
public sealed partial class NoiseSecurity
{
    private async Task<SecureChannel> RunHandshakeAsync(IDuplexPipe transport, bool initiator, PeerId? expectedRemote, CancellationToken ct)
    {
        var role = initiator ? "initiator" : "responder";
        using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var state = new NoiseHandshakeState(initiator, _staticKey, prologue: default);
            (PeerId Peer, PublicKey Key, IReadOnlyList<string> Muxers) remote;
            if (initiator)
            {
                await WriteMessageAsync(transport.Output, state, [], linked.Token);
                var payload = state.ReadMessage(await ReadMessageAsync(transport.Input, linked.Token));
                remote = VerifyPayload(payload, state.RemoteStaticKey, expectedRemote);
                await WriteMessageAsync(transport.Output, state, _payload, linked.Token);
            }
            else
            {
                _ = state.ReadMessage(await ReadMessageAsync(transport.Input, linked.Token));
                await WriteMessageAsync(transport.Output, state, _payload, linked.Token);
                var payload = state.ReadMessage(await ReadMessageAsync(transport.Input, linked.Token));
                remote = VerifyPayload(payload, state.RemoteStaticKey, expectedRemote: null);
            }

            var (send, receive) = state.Split();
            Log.NoiseHandshakeCompleted(_logger, role, remote.Peer);
            return new SecureChannel(transport, send, receive, remote.Peer, remote.Key, remote.Muxers, _options, _logger);
        }
        catch (Exception ex)
        {
            var error = ex is OperationCanceledException && timeout.IsCancellationRequested && !ct.IsCancellationRequested
                ? new TimeoutException($"Noise handshake as {role} did not complete within {_options.HandshakeTimeout}.", ex)
                : ex;
            Log.NoiseHandshakeFailed(_logger, role, error);
            await transport.Input.CompleteAsync(error);
            await transport.Output.CompleteAsync(error);
            if (ReferenceEquals(error, ex))
            {
                throw;
            }

            throw error;
        }
    }

    private static async ValueTask WriteMessageAsync(PipeWriter output, NoiseHandshakeState state, byte[] payload, CancellationToken ct)
    {
        WriteMessage(output, state, payload);
        var flush = await output.FlushAsync(ct);
        if (flush.IsCompleted)
        {
            throw new NoiseProtocolException("The connection was closed during the Noise handshake.");
        }
    }

    private static void WriteMessage(PipeWriter output, NoiseHandshakeState state, byte[] payload)
    {
        var max = NoiseHandshakeState.MaxMessageLength(payload.Length);
        var span = output.GetSpan(NoiseFraming.HeaderLength + max);
        var written = state.WriteMessage(payload, span[NoiseFraming.HeaderLength..]);
        NoiseFraming.WriteHeader(span, written);
        output.Advance(NoiseFraming.HeaderLength + written);
    }

    private static async ValueTask<byte[]> ReadMessageAsync(PipeReader input, CancellationToken ct)
    {
        while (true)
        {
            var result = await input.ReadAsync(ct);
            var buffer = result.Buffer;
            if (NoiseFraming.TryReadFrame(ref buffer, 0, NoiseLimits.MaxHandshakeMessageLength, out var frame))
            {
                var message = frame.ToArray();
                input.AdvanceTo(buffer.Start);
                return message;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new NoiseProtocolException("The connection was closed during the Noise handshake.");
            }
        }
    }
}
