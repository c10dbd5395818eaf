using System.Buffers;
using System.Text;
using RustyNode.Network.Transport.WebSockets;

namespace RustyNode.Network.Tests.Transport.WebSockets;

public class WebSocketHandshakeTests
{
    private const string ValidRequest =
        "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nupgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";

    [Fact]
    [Trait("Clause", "WS-1.3")]
    public void Accept_of_the_RFC_6455_sample_key_is_the_RFC_value()
    {
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.ComputeAccept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    [Fact]
    [Trait("Clause", "WS-1.2")]
    public void The_client_request_is_a_plain_HTTP_1_1_upgrade_with_a_fresh_16_byte_key()
    {
        var writer = new ArrayBufferWriter<byte>();
        WebSocketHandshake.CreateRequest("127.0.0.1:4001", "/", "dGhlIHNhbXBsZSBub25jZQ==").Write(writer);

        Assert.Equal(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:4001\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
            Encoding.ASCII.GetString(writer.WrittenSpan));
        var keys = Enumerable.Range(0, 8).Select(_ => WebSocketHandshake.CreateKey()).ToArray();
        Assert.All(keys, k => Assert.Equal(16, Convert.FromBase64String(k).Length));
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    [Trait("Clause", "WS-1.3")]
    public void A_valid_request_is_answered_101_with_the_accept_and_no_extension()
    {
        var request = Parse(ValidRequest);
        var accept = WebSocketHandshake.CheckRequest(request);
        var writer = new ArrayBufferWriter<byte>();
        WebSocketHandshake.CreateResponse(accept).Write(writer);

        Assert.Equal(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
            Encoding.ASCII.GetString(writer.WrittenSpan));
    }

    [Theory]
    [Trait("Clause", "WS-1.3")]
    [InlineData("POST /chat HTTP/1.1", null, 400)]
    [InlineData("GET /chat HTTP/1.0", null, 400)]
    [InlineData("GET /chat HTTP/1.1 extra", null, 400)]
    [InlineData(null, "Host", 400)]
    [InlineData(null, "upgrade", 400)]
    [InlineData(null, "Connection", 400)]
    [InlineData(null, "Sec-WebSocket-Key", 400)]
    [InlineData(null, "Sec-WebSocket-Version", 426)]
    public void Bad_upgrade_requests_are_refused_with_their_status(string? startLine, string? dropHeader, int status)
    {
        var text = ValidRequest;
        if (startLine is not null)
        {
            text = startLine + text[text.IndexOf("\r\n", StringComparison.Ordinal)..];
        }

        if (dropHeader is not null)
        {
            var start = text.IndexOf("\r\n" + dropHeader + ":", StringComparison.Ordinal) + 2;
            text = text.Remove(start, text.IndexOf("\r\n", start, StringComparison.Ordinal) + 2 - start);
        }

        var error = Assert.Throws<WebSocketHandshakeException>(() => WebSocketHandshake.CheckRequest(Parse(text)));
        Assert.Equal(status, error.StatusCode);
    }

    [Theory]
    [Trait("Clause", "WS-1.3")]
    [InlineData("Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA\r\n")]
    [InlineData("Sec-WebSocket-Key: not base64!\r\n")]
    [InlineData("Sec-WebSocket-Version: 8\r\n")]
    public void A_key_that_is_not_16_bytes_or_another_version_is_refused(string replacement)
    {
        var name = replacement[..replacement.IndexOf(':', StringComparison.Ordinal)];
        var start = ValidRequest.IndexOf(name, StringComparison.Ordinal);
        var end = ValidRequest.IndexOf("\r\n", start, StringComparison.Ordinal) + 2;
        var text = ValidRequest[..start] + replacement + ValidRequest[end..];

        var error = Assert.Throws<WebSocketHandshakeException>(() => WebSocketHandshake.CheckRequest(Parse(text)));
        Assert.Equal(name == "Sec-WebSocket-Version" ? 426 : 400, error.StatusCode);
    }

    [Fact]
    [Trait("Clause", "WS-1.5")]
    public void A_head_is_read_only_when_complete_and_the_bytes_after_it_stay()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes(ValidRequest), 0x82, 0x00];
        for (var cut = 0; cut < ValidRequest.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, cut);
            Assert.False(WebSocketHttpHead.TryRead(ref partial, out _));
            Assert.Equal(cut, partial.Length);
        }

        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(WebSocketHttpHead.TryRead(ref buffer, out var head));
        Assert.Equal("GET /chat HTTP/1.1", head!.StartLine);
        Assert.Equal("WebSocket", head.Get("UPGRADE"));
        Assert.Equal(new byte[] { 0x82, 0x00 }, buffer.ToArray());
    }

    [Fact]
    [Trait("Clause", "WS-1.5")]
    public void A_head_over_the_size_or_field_limit_is_refused_with_431_without_waiting_for_its_end()
    {
        var endless = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nX-Filler: " + new string('a', WebSocketLimits.MaxHandshakeHeadLength));
        var buffer = new ReadOnlySequence<byte>(endless);
        Assert.Equal(431, Assert.Throws<WebSocketHandshakeException>(() => WebSocketHttpHead.TryRead(ref buffer, out _)).StatusCode);

        var many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (var i = 0; i <= WebSocketLimits.MaxHandshakeHeaderCount; i++)
        {
            many.Append("X-").Append(i).Append(": 1\r\n");
        }

        buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(many.Append("\r\n").ToString()));
        Assert.Equal(431, Assert.Throws<WebSocketHandshakeException>(() => WebSocketHttpHead.TryRead(ref buffer, out _)).StatusCode);
    }

    [Theory]
    [Trait("Clause", "WS-1.5")]
    [InlineData("GET / HTTP/1.1\r\nNo colon here\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\n folded: x\r\n\r\n")]
    [InlineData("\r\n\r\n")]
    public void Malformed_heads_are_refused_with_400(string text)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text));
        Assert.Equal(400, Assert.Throws<WebSocketHandshakeException>(() => WebSocketHttpHead.TryRead(ref buffer, out _)).StatusCode);
    }

    [Theory]
    [Trait("Clause", "WS-1.4")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n", null)]
    [InlineData("HTTP/1.1 200 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n", "refused")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n", "does not match")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n", "does not upgrade")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n", "did not offer")]
    public void The_client_accepts_only_a_101_that_proves_our_key(string response, string? error)
    {
        const string key = "dGhlIHNhbXBsZSBub25jZQ==";
        if (error is null)
        {
            WebSocketHandshake.CheckResponse(Parse(response), key);
            return;
        }

        var thrown = Assert.Throws<WebSocketHandshakeException>(() => WebSocketHandshake.CheckResponse(Parse(response), key));
        Assert.Contains(error, thrown.Message, StringComparison.Ordinal);
    }

    private static WebSocketHttpHead Parse(string text)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text));
        Assert.True(WebSocketHttpHead.TryRead(ref buffer, out var head));
        return head!;
    }
}
