using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace RustyNode.Network.Transport.WebSockets;

/// <summary>The receive loop: the server's opening handshake, then frames (WS-2, WS-3, WS-4).</summary>
public sealed partial class WebSocketConnection
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly object _pongLock = new();
    private byte[]? _pendingPong;
    private long _payloadRemaining;
    private uint _maskKey;
    private bool _masked;
    private int _maskOffset;
    private bool _inMessage;
    private long _messageLength;
    private bool _discard;
    private bool _closeReceived;

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        Exception? error = null;
        var input = _tcp.Input;
        var writer = _input.Writer;
        try
        {
            if (_isServer)
            {
                await AcceptHandshakeAsync();
            }

            await ReceiveFramesAsync(input, writer);
        }
        catch (WebSocketProtocolException ex)
        {
            error = ex;
            Log.WebSocketProtocolError(_logger, RemoteAddress, ex.CloseCode, ex.Message);
            RequestClose(new CloseRequest(ex.CloseCode, ex.Message, IsFailure: true));
        }
        catch (Exception ex) when (ex is IOException or WebSocketHandshakeException or TimeoutException or OperationCanceledException)
        {
            error = ex is OperationCanceledException ? new IOException($"The WebSocket connection to {RemoteAddress} was closed.", ex) : ex;
        }
        finally
        {
            _handshake.TrySetException(error ?? new IOException($"The connection from {RemoteAddress} closed before the WebSocket handshake."));
            await writer.CompleteAsync(error);
            await input.CompleteAsync();
            _receiveEnded.TrySetResult();
            _output.Reader.CancelPendingRead();
        }
    }

    /// <summary>Reads frames until the peer's Close, the end of the TCP input, or disposal.</summary>
    private async Task ReceiveFramesAsync(PipeReader input, PipeWriter writer)
    {
        while (true)
        {
            var result = await input.ReadAsync();
            if (_stopReceiving)
            {
                return;
            }

            var buffer = result.Buffer;
            bool wrote;
            try
            {
                wrote = ReadFrames(ref buffer);
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (wrote && !_discard && (await writer.FlushAsync()).IsCompleted)
            {
                // The application stopped reading: keep reading frames (to see the peer's
                // Close) but drop their payload.
                _discard = true;
            }

            if (_closeReceived)
            {
                return;
            }

            if (result.IsCompleted)
            {
                if (_payloadRemaining > 0 || !buffer.IsEmpty)
                {
                    throw new IOException($"The WebSocket connection to {RemoteAddress} closed inside a frame.");
                }

                return;
            }
        }
    }

    private async Task AcceptHandshakeAsync()
    {
        var timeout = _handshakeDeadline!;
        try
        {
            await WebSocketHandshake.AcceptAsync(_tcp, timeout.Token);
            _handshake.TrySetResult();
        }
        catch (OperationCanceledException ex) when (_disposeStarted != 0)
        {
            throw new IOException($"The connection from {RemoteAddress} was closed before the WebSocket handshake finished.", ex);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var ex = new TimeoutException($"The WebSocket handshake from {RemoteAddress} took longer than {WebSocketLimits.HandshakeTimeout.TotalSeconds:0} s.");
            Log.WebSocketHandshakeFailed(_logger, RemoteAddress, ex.Message);
            throw ex;
        }
        catch (Exception ex) when (ex is WebSocketHandshakeException or IOException)
        {
            Log.WebSocketHandshakeFailed(_logger, RemoteAddress, ex.Message);
            throw;
        }
    }

    /// <summary>
    /// Consumes every complete frame header and every payload byte at the front of
    /// <paramref name="buffer"/>; a control frame is consumed only when it is whole.
    /// </summary>
    /// <returns>True when payload was written to the input pipe.</returns>
    private bool ReadFrames(ref ReadOnlySequence<byte> buffer)
    {
        var wrote = false;
        while (!_closeReceived)
        {
            if (_payloadRemaining > 0)
            {
                if (buffer.IsEmpty)
                {
                    break;
                }

                var take = Math.Min(buffer.Length, _payloadRemaining);
                if (!_discard)
                {
                    CopyPayload(buffer.Slice(0, take));
                    wrote = true;
                }

                buffer = buffer.Slice(take);
                _payloadRemaining -= take;
                continue;
            }

            var rest = buffer;
            if (!WebSocketFrameHeader.TryRead(ref rest, expectMasked: _isServer, out var header))
            {
                break;
            }

            if (header.IsControl)
            {
                if (rest.Length < header.PayloadLength)
                {
                    break;
                }

                HandleControl(header, rest.Slice(0, header.PayloadLength));
                buffer = rest.Slice(header.PayloadLength);
                continue;
            }

            StartDataFrame(header);
            buffer = rest;
        }

        return wrote;
    }

    private void StartDataFrame(WebSocketFrameHeader header)
    {
        switch (header.Opcode)
        {
            case WebSocketOpcode.Text:
                throw new WebSocketProtocolException(WebSocketCloseCode.UnsupportedData, "text frames are not accepted: libp2p sends binary frames only");
            case WebSocketOpcode.Continuation when !_inMessage:
                throw new WebSocketProtocolException("A continuation frame arrived outside a fragmented message.");
            case WebSocketOpcode.Binary when _inMessage:
                throw new WebSocketProtocolException("A new message began inside a fragmented message.");
            case WebSocketOpcode.Binary:
                _messageLength = 0;
                break;
        }

        _messageLength += header.PayloadLength;
        if (_messageLength > WebSocketLimits.MaxMessageLength)
        {
            throw new WebSocketProtocolException(
                WebSocketCloseCode.MessageTooBig,
                $"message of more than {WebSocketLimits.MaxMessageLength} bytes exceeds the limit");
        }

        _inMessage = !header.Fin;
        _payloadRemaining = header.PayloadLength;
        _maskKey = header.MaskKey;
        _masked = header.Masked;
        _maskOffset = 0;
    }

    /// <summary>Copies (and unmasks) payload into the input pipe.</summary>
    private void CopyPayload(ReadOnlySequence<byte> payload)
    {
        var writer = _input.Writer;
        var frameLeft = _payloadRemaining;
        foreach (var segment in payload)
        {
            var source = segment.Span;
            while (!source.IsEmpty)
            {
                var destination = writer.GetSpan((int)Math.Min(frameLeft, _options.ReceiveSegmentSize));
                var count = Math.Min(destination.Length, source.Length);
                if (_masked)
                {
                    _maskOffset = WebSocketMask.Apply(source[..count], destination, _maskKey, _maskOffset);
                }
                else
                {
                    source[..count].CopyTo(destination);
                }

                writer.Advance(count);
                source = source[count..];
                frameLeft -= count;
            }
        }
    }

    private void HandleControl(WebSocketFrameHeader header, ReadOnlySequence<byte> maskedPayload)
    {
        Span<byte> payload = stackalloc byte[WebSocketLimits.MaxControlPayloadLength];
        payload = payload[..(int)maskedPayload.Length];
        maskedPayload.CopyTo(payload);
        if (header.Masked)
        {
            WebSocketMask.Apply(payload, payload, header.MaskKey, 0);
        }

        switch (header.Opcode)
        {
            case WebSocketOpcode.Ping:
                lock (_pongLock)
                {
                    // Only the latest ping is answered (RFC 6455 section 5.5.3): a ping flood costs no memory.
                    _pendingPong = payload.ToArray();
                }

                _output.Reader.CancelPendingRead();
                break;
            case WebSocketOpcode.Pong:
                break;
            case WebSocketOpcode.Close:
                HandleClose(payload);
                break;
        }
    }

    private void HandleClose(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 1)
        {
            throw new WebSocketProtocolException("A Close frame has a 1-byte payload.");
        }

        var code = payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : WebSocketCloseCode.NoStatus;
        if (payload.Length >= 2 && !WebSocketCloseCode.IsValidOnWire(code))
        {
            throw new WebSocketProtocolException($"A Close frame carries the invalid status code {code}.");
        }

        string reason;
        try
        {
            reason = payload.Length > 2 ? StrictUtf8.GetString(payload[2..]) : string.Empty;
        }
        catch (DecoderFallbackException)
        {
            throw new WebSocketProtocolException("A Close frame's reason is not UTF-8.");
        }

        _closeReceived = true;
        PeerCloseCode = code;
        PeerCloseReason = reason;
        Log.WebSocketPeerClosed(_logger, RemoteAddress, code, reason);
        RequestClose(new CloseRequest(code == WebSocketCloseCode.NoStatus ? WebSocketCloseCode.Normal : code, string.Empty, IsFailure: false));
    }
}
