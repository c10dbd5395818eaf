using System.Buffers;

namespace RustyNode.Network.Security.Noise;

/// <summary>
/// The two pumps. Each runs one loop for the channel's lifetime, never throws (errors complete
/// the pipes instead), and allocates nothing per frame: frames are sealed straight into the
/// transport's buffer and opened straight into the inbound pipe's buffer, through a scratch copy
/// only when a frame straddles two segments.
/// </summary>
public sealed partial class SecureChannel
{
    /// <summary>A first segment at least this long is sealed as its own frame instead of being copied.</summary>
    private const int MinDirectSealLength = 16 * 1024;

    private async Task OutboundLoopAsync()
    {
        var reader = _outbound.Reader;
        var transport = _transport.Output;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_abort.Token);
                if (result.IsCanceled || _failure is not null)
                {
                    break;
                }

                var buffer = result.Buffer;
                var sealedAny = !buffer.IsEmpty;
                if (sealedAny)
                {
                    SealAll(buffer);
                }

                reader.AdvanceTo(buffer.End);
                if (sealedAny && (await transport.FlushAsync(_abort.Token)).IsCompleted)
                {
                    break;
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Close timeout elapsed: the remaining data is abandoned.
        }
        catch (Exception ex)
        {
            Fail(ex);
        }

        var failure = _failure;
        await reader.CompleteAsync(failure);
        await transport.CompleteAsync(failure);
    }

    private async Task InboundLoopAsync()
    {
        var input = _transport.Input;
        var writer = _inbound.Writer;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_abort.Token);
                if (result.IsCanceled || _failure is not null)
                {
                    break;
                }

                var buffer = result.Buffer;
                bool opened;
                long leftover;
                try
                {
                    opened = OpenAll(ref buffer);
                    leftover = buffer.Length;
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (opened && (await writer.FlushAsync(_abort.Token)).IsCompleted)
                {
                    break;
                }

                if (result.IsCompleted)
                {
                    if (leftover > 0)
                    {
                        throw new NoiseProtocolException($"The connection closed inside a Noise frame ({leftover} bytes left over).");
                    }

                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Fail(ex);
        }

        var failure = _failure;
        await writer.CompleteAsync(failure);
        await input.CompleteAsync(failure);
    }

    /// <summary>Seals all of <paramref name="plaintext"/> into as few frames as possible.</summary>
    private void SealAll(ReadOnlySequence<byte> plaintext)
    {
        var output = _transport.Output;
        while (!plaintext.IsEmpty)
        {
            var length = (int)Math.Min(plaintext.Length, NoiseLimits.MaxPlaintextLength);
            var first = plaintext.FirstSpan;
            if (first.Length < length && first.Length >= MinDirectSealLength)
            {
                // Seal the first segment on its own rather than copy across the segment boundary.
                length = first.Length;
            }

            var frameLength = length + NoiseLimits.TagLength;
            var span = output.GetSpan(NoiseFraming.HeaderLength + frameLength);
            NoiseFraming.WriteHeader(span, frameLength);
            if (first.Length >= length)
            {
                _send.Encrypt(default, first[..length], span.Slice(NoiseFraming.HeaderLength, frameLength));
            }
            else
            {
                // Small pieces: gather them into one frame through a pooled buffer.
                var scratch = ArrayPool<byte>.Shared.Rent(length);
                plaintext.Slice(0, length).CopyTo(scratch);
                _send.Encrypt(default, scratch.AsSpan(0, length), span.Slice(NoiseFraming.HeaderLength, frameLength));
                ArrayPool<byte>.Shared.Return(scratch);
            }

            output.Advance(NoiseFraming.HeaderLength + frameLength);
            plaintext = plaintext.Slice(length);
        }
    }

    /// <summary>Opens every complete frame at the front of <paramref name="buffer"/>.</summary>
    /// <returns>True when at least one frame was opened.</returns>
    private bool OpenAll(ref ReadOnlySequence<byte> buffer)
    {
        var opened = false;
        while (NoiseFraming.TryReadFrame(ref buffer, NoiseLimits.TagLength, NoiseLimits.MaxMessageLength, out var frame))
        {
            var length = (int)frame.Length;
            var plaintextLength = length - NoiseLimits.TagLength;
            var destination = _inbound.Writer.GetSpan(Math.Max(plaintextLength, 1));
            if (frame.IsSingleSegment)
            {
                _receive.Decrypt(default, frame.FirstSpan, destination);
            }
            else
            {
                // The frame straddles receive buffers: decrypt from a pooled contiguous copy.
                var scratch = ArrayPool<byte>.Shared.Rent(length);
                frame.CopyTo(scratch);
                try
                {
                    _receive.Decrypt(default, scratch.AsSpan(0, length), destination);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                }
            }

            _inbound.Writer.Advance(plaintextLength);
            opened = true;
        }

        return opened;
    }
}
