using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using RustyNode.Network.Addressing;
using RustyNode.Network.Transport.Tcp;
using RustyNode.Network.Transport.WebSockets;

namespace RustyNode.Network.Tests.Transport.WebSockets;

/// <summary>
/// One end of a WebSocket connection scripted byte by byte over a plain TCP connection, to send
/// what a conforming peer never would and to see exactly what the other side answers.
/// </summary>
internal sealed class RawWebSocketPeer : IAsyncDisposable
{
    private static readonly TimeSpan Bound = WebSocketTestPair.Bound;
    private readonly bool _isClient;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private RawWebSocketPeer(TcpConnection tcp, bool isClient)
    {
        Tcp = tcp;
        _isClient = isClient;
    }

    public TcpConnection Tcp { get; }

    /// <summary>Dials a WebSocket listener over TCP without any handshake.</summary>
    public static async Task<RawWebSocketPeer> DialTcpAsync(Multiaddr wsAddress) =>
        new(await new TcpTransport().DialAsync(wsAddress.Decapsulate(MultiaddrProtocol.Ws), CancellationToken.None).WaitAsync(Bound), isClient: true);

    /// <summary>Dials and completes a correct opening handshake (our client side of it).</summary>
    public static async Task<RawWebSocketPeer> ConnectAsync(Multiaddr wsAddress)
    {
        var peer = await DialTcpAsync(wsAddress);
        await WebSocketHandshake.ConnectAsync(peer.Tcp, "localhost", "/", CancellationToken.None).WaitAsync(Bound);
        return peer;
    }

    /// <summary>Wraps an accepted TCP connection as the server end (it sends unmasked frames).</summary>
    public static RawWebSocketPeer Server(TcpConnection tcp) => new(tcp, isClient: false);

    public async Task SendAsync(string text)
    {
        await Tcp.Output.WriteAsync(Encoding.ASCII.GetBytes(text));
    }

    public async Task SendAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await Tcp.Output.WriteAsync(bytes);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends one frame; masked when this is the client end unless <paramref name="mask"/> says otherwise.</summary>
    public async Task SendFrameAsync(WebSocketOpcode opcode, byte[] payload, bool fin = true, bool? mask = null)
    {
        var masked = mask ?? _isClient;
        const uint key = 0x5A17C3E9;
        var header = new WebSocketFrameHeader(fin, opcode, payload.Length, masked ? key : 0, masked);
        var bytes = new byte[header.Size + payload.Length];
        var size = header.Write(bytes);
        if (masked)
        {
            WebSocketMask.Apply(payload, bytes.AsSpan(size), key, 0);
        }
        else
        {
            payload.CopyTo(bytes, size);
        }

        await SendAsync(bytes);
    }

    /// <summary>
    /// A byte stream over this connection, as a conforming client would carry it: what is flushed
    /// to the returned output goes out as masked binary frames, and the payload of binary frames
    /// arrives on its input. <see cref="SendAsync(byte[])"/> can still slip raw bytes in between frames.
    /// </summary>
    public IDuplexPipe StartByteStream()
    {
        var outgoing = new Pipe();
        var incoming = new Pipe();
        _ = PumpOutAsync(outgoing.Reader);
        _ = PumpInAsync(incoming.Writer);
        return new Duplex(incoming.Reader, outgoing.Writer);
    }

    /// <summary>Reads the next frame the other side sent (it must not be masked toward a client).</summary>
    public async Task<(WebSocketFrameHeader Header, byte[] Payload)> ReadFrameAsync()
    {
        while (true)
        {
            var result = await Tcp.Input.ReadAsync().AsTask().WaitAsync(Bound);
            var buffer = result.Buffer;
            if (WebSocketFrameHeader.TryRead(ref buffer, expectMasked: !_isClient, out var header) && buffer.Length >= header.PayloadLength)
            {
                var payload = buffer.Slice(0, header.PayloadLength).ToArray();
                if (header.Masked)
                {
                    WebSocketMask.Apply(payload, payload, header.MaskKey, 0);
                }

                Tcp.Input.AdvanceTo(buffer.GetPosition(header.PayloadLength));
                return (header, payload);
            }

            Tcp.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            Assert.False(result.IsCompleted, "The connection ended before a whole frame arrived.");
        }
    }

    /// <summary>Reads frames until a Close; returns its code and reason.</summary>
    public async Task<(int Code, string Reason)> ReadCloseAsync()
    {
        while (true)
        {
            var (header, payload) = await ReadFrameAsync();
            if (header.Opcode == WebSocketOpcode.Close)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(payload), Encoding.UTF8.GetString(payload.AsSpan(2)));
            }
        }
    }

    /// <summary>Reads everything until the other side closes its sending side; returns it as ASCII.</summary>
    public async Task<string> ReadToEndAsync()
    {
        var all = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await Tcp.Input.ReadAsync().AsTask().WaitAsync(Bound);
            foreach (var segment in result.Buffer)
            {
                all.Write(segment.Span);
            }

            Tcp.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return Encoding.ASCII.GetString(all.WrittenSpan);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Tcp.DisposeAsync();
        _writeLock.Dispose();
    }

    private async Task PumpOutAsync(PipeReader reader)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                if (!result.Buffer.IsEmpty)
                {
                    await SendFrameAsync(WebSocketOpcode.Binary, result.Buffer.ToArray());
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The test is over or the connection closed: the pump ends.
        }

        await reader.CompleteAsync();
    }

    private async Task PumpInAsync(PipeWriter writer)
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var (header, payload) = await ReadFrameAsync();
                if (header.Opcode == WebSocketOpcode.Close)
                {
                    LastClose = (BinaryPrimitives.ReadUInt16BigEndian(payload), Encoding.UTF8.GetString(payload.AsSpan(2)));
                    break;
                }

                await writer.WriteAsync(payload);
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }

        await writer.CompleteAsync(error);
    }

    /// <summary>The Close frame the byte stream's input ended with, if any.</summary>
    public (int Code, string Reason)? LastClose { get; private set; }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
