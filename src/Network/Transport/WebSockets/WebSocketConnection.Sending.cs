using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;

namespace RustyNode.Network.Transport.WebSockets;

/// <summary>The send loop: data as binary frames, pongs, and the closing handshake (WS-2, WS-3, WS-4).</summary>
public sealed partial class WebSocketConnection
{
    private async Task SendLoopAsync()
    {
        await Task.Yield();
        Exception? error = null;
        var reader = _output.Reader;
        var tcp = _tcp.Output;
        var waitForPeerClose = false;
        try
        {
            await _handshake.Task;
            waitForPeerClose = await SendFramesAsync(reader, tcp);
        }
        catch (Exception ex) when (ex is IOException or WebSocketHandshakeException or TimeoutException)
        {
            // The TCP connection failed, or (server side) the opening handshake did: a refusal
            // already written still goes out before the FIN below.
            error = ex;
        }
#pragma warning disable CA1031 // The upper layer completed Output with its own error (e.g. a failed Noise channel): whatever its type, the connection is aborted, not crashed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = ex;
            Abort();
        }

        await reader.CompleteAsync(error);
        if (waitForPeerClose)
        {
            await _receiveEnded.Task.WaitAsync(WebSocketLimits.CloseTimeout, _options.TimeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await tcp.CompleteAsync();
    }

    /// <summary>Frames the output until it completes or a Close is due; returns whether to wait for the peer's Close.</summary>
    private async Task<bool> SendFramesAsync(PipeReader reader, PipeWriter tcp)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (_aborted)
            {
                throw new IOException($"The WebSocket connection to {RemoteAddress} was aborted.");
            }

            var buffer = result.Buffer;
            var close = Volatile.Read(ref _close);
            WritePendingPong(tcp);
            if (close is not { IsFailure: true })
            {
                WriteDataFrames(tcp, buffer);
            }

            reader.AdvanceTo(buffer.End);
            if (close is not null || result.IsCompleted)
            {
                close ??= new CloseRequest(WebSocketCloseCode.Normal, string.Empty, IsFailure: false);
                WriteClose(tcp, close);
                await tcp.FlushAsync();
                return !close.IsFailure && !_receiveEnded.Task.IsCompleted;
            }

            if ((await tcp.FlushAsync()).IsCompleted)
            {
                throw new IOException($"The WebSocket connection to {RemoteAddress} stopped sending.");
            }
        }
    }

    /// <summary>Cuts <paramref name="data"/> into binary frames of at most the configured payload.</summary>
    private void WriteDataFrames(PipeWriter tcp, ReadOnlySequence<byte> data)
    {
        while (!data.IsEmpty)
        {
            var length = (int)Math.Min(data.Length, _options.MaxSendFramePayloadLength);
            var key = _isServer ? 0u : NextMaskKey();
            new WebSocketFrameHeader(true, WebSocketOpcode.Binary, length, key, !_isServer).Write(tcp);
            var offset = 0;
            foreach (var segment in data.Slice(0, length))
            {
                var source = segment.Span;
                while (!source.IsEmpty)
                {
                    var destination = tcp.GetSpan();
                    var count = Math.Min(destination.Length, source.Length);
                    if (_isServer)
                    {
                        source[..count].CopyTo(destination);
                    }
                    else
                    {
                        offset = WebSocketMask.Apply(source[..count], destination, key, offset);
                    }

                    tcp.Advance(count);
                    source = source[count..];
                }
            }

            data = data.Slice(length);
        }
    }

    private void WritePendingPong(PipeWriter tcp)
    {
        byte[]? payload;
        lock (_pongLock)
        {
            payload = _pendingPong;
            _pendingPong = null;
        }

        if (payload is not null)
        {
            WriteControl(tcp, WebSocketOpcode.Pong, payload);
        }
    }

    private void WriteClose(PipeWriter tcp, CloseRequest close)
    {
        Span<byte> payload = stackalloc byte[WebSocketLimits.MaxControlPayloadLength];
        BinaryPrimitives.WriteUInt16BigEndian(payload, close.Code);
        var reason = Printable(close.Reason, WebSocketLimits.MaxCloseReasonLength);
        var length = 2 + Encoding.ASCII.GetBytes(reason, payload[2..]);
        WriteControl(tcp, WebSocketOpcode.Close, payload[..length]);
        if (close.IsFailure)
        {
            Log.WebSocketClosedWithError(_logger, RemoteAddress, close.Code, reason);
        }
    }

    private void WriteControl(PipeWriter tcp, WebSocketOpcode opcode, ReadOnlySpan<byte> payload)
    {
        var key = _isServer ? 0u : NextMaskKey();
        var header = new WebSocketFrameHeader(true, opcode, payload.Length, key, !_isServer);
        var span = tcp.GetSpan(header.Size + payload.Length);
        var size = header.Write(span);
        if (_isServer)
        {
            payload.CopyTo(span[size..]);
        }
        else
        {
            WebSocketMask.Apply(payload, span[size..], key, 0);
        }

        tcp.Advance(size + payload.Length);
    }

    /// <summary>A masking key from the system's cryptographic generator (RFC 6455 section 5.3: unpredictable).</summary>
    private static uint NextMaskKey()
    {
        Span<byte> key = stackalloc byte[4];
        RandomNumberGenerator.Fill(key);
        return BinaryPrimitives.ReadUInt32BigEndian(key);
    }

    /// <summary>Printable ASCII of at most <paramref name="max"/> characters: a close reason never carries peer-chosen control bytes.</summary>
    private static string Printable(string text, int max)
    {
        var chars = text.Length <= max ? text.ToCharArray() : text.ToCharArray(0, max);
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is < ' ' or > '~')
            {
                chars[i] = '?';
            }
        }

        return new string(chars);
    }
}
