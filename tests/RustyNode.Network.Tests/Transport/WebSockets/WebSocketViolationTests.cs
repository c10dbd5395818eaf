using RustyNode.Network.Addressing;
using RustyNode.Network.Tests.Transport.Tcp;
using RustyNode.Network.Transport.Tcp;
using RustyNode.Network.Transport.WebSockets;

namespace RustyNode.Network.Tests.Transport.WebSockets;

/// <summary>Frames that break WS-2: each is answered with a Close frame carrying its code and reason (WS-4.3).</summary>
public class WebSocketViolationTests
{
    private static readonly TimeSpan Bound = WebSocketTestPair.Bound;

    [Theory]
    [Trait("Clause", "WS-4.2")]
    [InlineData(new byte[] { 0x03 }, "1-byte")]
    [InlineData(new byte[] { 0x03, 0xED }, "invalid status code 1005")]
    [InlineData(new byte[] { 0x03, 0xE8, 0xC3, 0x28 }, "not UTF-8")]
    public async Task A_malformed_close_frame_is_a_protocol_error(byte[] payload, string reason)
    {
        var (code, text, error) = await SendAndExpectCloseAsync(raw => raw.SendFrameAsync(WebSocketOpcode.Close, payload));
        Assert.Equal(WebSocketCloseCode.ProtocolError, code);
        Assert.Contains(reason, text, StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseCode.ProtocolError, error.CloseCode);
    }

    [Fact]
    [Trait("Clause", "WS-2.4")]
    [Trait("Clause", "WS-4.3")]
    public async Task An_oversized_frame_gets_close_1009_with_a_reason_and_a_protocol_error()
    {
        var header = new WebSocketFrameHeader(true, WebSocketOpcode.Binary, WebSocketLimits.MaxFramePayloadLength + 1L, 0x01020304, true);
        var bytes = new byte[header.Size];
        header.Write(bytes);

        var (code, reason, error) = await SendAndExpectCloseAsync(raw => raw.SendAsync(bytes));

        Assert.Equal(WebSocketCloseCode.MessageTooBig, code);
        Assert.Equal($"frame of {WebSocketLimits.MaxFramePayloadLength + 1L} bytes exceeds the limit of {WebSocketLimits.MaxFramePayloadLength}", reason);
        Assert.IsAssignableFrom<Libp2pProtocolException>(error);
    }

    [Fact]
    [Trait("Clause", "WS-2.4")]
    [Trait("Clause", "WS-4.3")]
    public async Task A_fragmented_message_over_the_limit_gets_close_1009()
    {
        var chunk = new byte[WebSocketLimits.MaxFramePayloadLength];
        var (code, reason, _) = await SendAndExpectCloseAsync(async raw =>
        {
            await raw.SendFrameAsync(WebSocketOpcode.Binary, chunk, fin: false);
            for (var i = 0; i < WebSocketLimits.MaxMessageLength / chunk.Length; i++)
            {
                await raw.SendFrameAsync(WebSocketOpcode.Continuation, chunk, fin: false);
            }
        });

        Assert.Equal(WebSocketCloseCode.MessageTooBig, code);
        Assert.Contains("message of more than", reason, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Clause", "WS-2.2")]
    [Trait("Clause", "WS-2.3")]
    [Trait("Clause", "WS-4.3")]
    [InlineData("text", WebSocketCloseCode.UnsupportedData, "binary frames only")]
    [InlineData("unmasked", WebSocketCloseCode.ProtocolError, "not masked")]
    [InlineData("continuation", WebSocketCloseCode.ProtocolError, "outside a fragmented message")]
    [InlineData("interleaved", WebSocketCloseCode.ProtocolError, "inside a fragmented message")]
    [InlineData("reserved", WebSocketCloseCode.ProtocolError, "reserved bits")]
    public async Task Frames_that_break_the_rules_get_a_close_with_their_code_and_reason(string kind, int expectedCode, string expectedReason)
    {
        var (code, reason, _) = await SendAndExpectCloseAsync(async raw =>
        {
            switch (kind)
            {
                case "text": await raw.SendFrameAsync(WebSocketOpcode.Text, "hi"u8.ToArray()); break;
                case "unmasked": await raw.SendFrameAsync(WebSocketOpcode.Binary, "hi"u8.ToArray(), mask: false); break;
                case "continuation": await raw.SendFrameAsync(WebSocketOpcode.Continuation, "hi"u8.ToArray()); break;
                case "interleaved":
                    await raw.SendFrameAsync(WebSocketOpcode.Binary, "hi"u8.ToArray(), fin: false);
                    await raw.SendFrameAsync(WebSocketOpcode.Binary, "hi"u8.ToArray());
                    break;
                default: await raw.SendAsync([0xA2, 0x80, 1, 2, 3, 4]); break;
            }
        });

        Assert.Equal(expectedCode, code);
        Assert.Contains(expectedReason, reason, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "WS-2.3")]
    public async Task A_client_refuses_a_masked_frame_from_the_server()
    {
        await using var tcpListener = await new TcpTransport().ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), CancellationToken.None);
        var accept = tcpListener.AcceptAsync(CancellationToken.None).AsTask();
        var dial = new WebSocketTransport().DialAsync(tcpListener.ListenAddress.Encapsulate(Multiaddr.Parse("/ws")), CancellationToken.None);
        await using var raw = RawWebSocketPeer.Server(await accept.WaitAsync(Bound));
        await WebSocketHandshake.AcceptAsync(raw.Tcp, CancellationToken.None).WaitAsync(Bound);
        await using var client = await dial.WaitAsync(Bound);

        await raw.SendFrameAsync(WebSocketOpcode.Binary, "hi"u8.ToArray(), mask: true);

        var error = await Assert.ThrowsAsync<WebSocketProtocolException>(() => TcpTestPair.ReadToEndAsync(client.Input));
        Assert.Contains("server frame is masked", error.Message, StringComparison.Ordinal);
        var (header, payload) = await raw.ReadFrameAsync();
        Assert.Equal(WebSocketOpcode.Close, header.Opcode);
        Assert.True(header.Masked, "a client masks its Close frame too");
        Assert.Equal(WebSocketCloseCode.ProtocolError, (payload[0] << 8) | payload[1]);
    }

    /// <summary>Connects a raw client, runs <paramref name="misbehave"/>, and returns the server's Close and its input's error.</summary>
    private static async Task<(int Code, string Reason, WebSocketProtocolException Error)> SendAndExpectCloseAsync(Func<RawWebSocketPeer, Task> misbehave)
    {
        await using var listener = await new WebSocketTransport().ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        await using var raw = await RawWebSocketPeer.ConnectAsync(listener.ListenAddress);
        await using var server = await accept.WaitAsync(Bound);
        var reading = Assert.ThrowsAsync<WebSocketProtocolException>(() => TcpTestPair.ReadToEndAsync(server.Input));

        var sending = misbehave(raw);
        var (code, reason) = await raw.ReadCloseAsync();
        var error = await reading;
        try
        {
            await sending.WaitAsync(Bound);
        }
        catch (IOException)
        {
            // The server stopped reading what was still being sent after its Close: expected.
        }

        Assert.Empty(await raw.ReadToEndAsync());
        return (code, reason, error);
    }
}
