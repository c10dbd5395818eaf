using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;

namespace RustyNode.Network.Transport.WebSockets;

/// <summary>
/// The opening handshake of RFC 6455 section 4 over a connected byte stream (WS-1): the client
/// sends an HTTP/1.1 upgrade request with a random Sec-WebSocket-Key; the server checks it and
/// answers 101 with Sec-WebSocket-Accept = base64(SHA-1(key + GUID)), or refuses with 400, 426 or
/// 431 and a plain-text reason. Neither side offers or accepts extensions or subprotocols.
/// </summary>
public static class WebSocketHandshake
{
    /// <summary>The GUID RFC 6455 appends to the key before hashing.</summary>
    public const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>The only protocol version we speak (Sec-WebSocket-Version).</summary>
    public const string Version = "13";

    /// <summary>Sec-WebSocket-Accept for <paramref name="key"/>: base64 of SHA-1 of the key text followed by <see cref="AcceptGuid"/>.</summary>
    public static string ComputeAccept(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 here; it proves the server read the key, it protects nothing.
        return Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
#pragma warning restore CA5350
    }

    /// <summary>A fresh Sec-WebSocket-Key: 16 random bytes in base64.</summary>
    public static string CreateKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Client side: sends the upgrade request for <paramref name="host"/> and <paramref name="path"/>
    /// and checks the response. Frame bytes that arrive right after the response stay in the input.
    /// </summary>
    /// <exception cref="WebSocketHandshakeException">The server refused or answered wrongly.</exception>
    /// <exception cref="IOException">The connection closed during the handshake.</exception>
    public static async Task ConnectAsync(IDuplexPipe transport, string host, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var key = CreateKey();
        CreateRequest(host, path, key).Write(transport.Output);
        await transport.Output.FlushAsync(ct);
        var response = await ReadHeadAsync(transport.Input, ct);
        CheckResponse(response, key);
    }

    /// <summary>
    /// Server side: reads and checks the upgrade request and answers 101. A bad request is answered
    /// with its HTTP status and reason before the exception is thrown.
    /// </summary>
    /// <returns>The client's request.</returns>
    /// <exception cref="WebSocketHandshakeException">The request is not a valid WebSocket upgrade.</exception>
    /// <exception cref="IOException">The connection closed during the handshake.</exception>
    public static async Task<WebSocketHttpHead> AcceptAsync(IDuplexPipe transport, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transport);
        WebSocketHttpHead request;
        string accept;
        try
        {
            request = await ReadHeadAsync(transport.Input, ct);
            accept = CheckRequest(request);
        }
        catch (WebSocketHandshakeException refusal)
        {
            await RefuseAsync(transport.Output, refusal, ct);
            throw;
        }

        CreateResponse(accept).Write(transport.Output);
        await transport.Output.FlushAsync(ct);
        return request;
    }

    /// <summary>The client's upgrade request.</summary>
    public static WebSocketHttpHead CreateRequest(string host, string path, string key) => new(
        $"GET {path} HTTP/1.1",
        [
            new("Host", host),
            new("Upgrade", "websocket"),
            new("Connection", "Upgrade"),
            new("Sec-WebSocket-Key", key),
            new("Sec-WebSocket-Version", Version),
        ]);

    /// <summary>The server's 101 answer for a request whose key gives <paramref name="accept"/>.</summary>
    public static WebSocketHttpHead CreateResponse(string accept) => new(
        "HTTP/1.1 101 Switching Protocols",
        [
            new("Upgrade", "websocket"),
            new("Connection", "Upgrade"),
            new("Sec-WebSocket-Accept", accept),
        ]);

    /// <summary>Checks a client's request (WS-1.2); returns the Sec-WebSocket-Accept to answer with.</summary>
    /// <exception cref="WebSocketHandshakeException">What is wrong, with the HTTP status to refuse with.</exception>
    public static string CheckRequest(WebSocketHttpHead request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = request.StartLine.Split(' ');
        if (parts.Length != 3 || parts[0] != "GET" || parts[2] != "HTTP/1.1" || parts[1].Length == 0)
        {
            throw new WebSocketHandshakeException($"Not a WebSocket upgrade request: \"{Ascii(request.StartLine)}\".");
        }

        if (string.IsNullOrEmpty(request.Get("Host")))
        {
            throw new WebSocketHandshakeException("The upgrade request has no Host header.");
        }

        if (!request.HasToken("Upgrade", "websocket") || !request.HasToken("Connection", "Upgrade"))
        {
            throw new WebSocketHandshakeException("The request does not ask to upgrade to websocket.");
        }

        if (request.Get("Sec-WebSocket-Version") != Version)
        {
            throw new WebSocketHandshakeException(426, $"Unsupported Sec-WebSocket-Version; this server speaks {Version}.");
        }

        var key = request.Get("Sec-WebSocket-Key");
        Span<byte> nonce = stackalloc byte[18];
        if (key is null || !Convert.TryFromBase64String(key, nonce, out var written) || written != 16)
        {
            throw new WebSocketHandshakeException("Sec-WebSocket-Key is not 16 bytes in base64.");
        }

        return ComputeAccept(key);
    }

    /// <summary>Checks a server's response to our request with <paramref name="key"/> (WS-1.3).</summary>
    /// <exception cref="WebSocketHandshakeException">The server refused or answered wrongly.</exception>
    public static void CheckResponse(WebSocketHttpHead response, string key)
    {
        ArgumentNullException.ThrowIfNull(response);
        var parts = response.StartLine.Split(' ', 3);
        if (parts.Length < 2 || parts[0] != "HTTP/1.1" || parts[1] != "101")
        {
            throw new WebSocketHandshakeException($"The server refused the WebSocket upgrade: \"{Ascii(response.StartLine)}\".");
        }

        if (!response.HasToken("Upgrade", "websocket") || !response.HasToken("Connection", "Upgrade"))
        {
            throw new WebSocketHandshakeException("The server's 101 response does not upgrade to websocket.");
        }

        if (response.Get("Sec-WebSocket-Accept") != ComputeAccept(key))
        {
            throw new WebSocketHandshakeException("The server's Sec-WebSocket-Accept does not match our key.");
        }

        if (response.Get("Sec-WebSocket-Extensions") is not null || response.Get("Sec-WebSocket-Protocol") is not null)
        {
            throw new WebSocketHandshakeException("The server chose an extension or subprotocol we did not offer.");
        }
    }

    /// <summary>Best effort: the refusal is sent if the connection still takes it.</summary>
    private static async Task RefuseAsync(PipeWriter output, WebSocketHandshakeException refusal, CancellationToken ct)
    {
        try
        {
            CreateRefusal(refusal).Write(output);
            output.Write(Encoding.ASCII.GetBytes(Ascii(refusal.Message)));
            await output.FlushAsync(ct);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client is gone or the handshake time is up: the refusal stands unsent.
        }
    }

    private static WebSocketHttpHead CreateRefusal(WebSocketHandshakeException refusal)
    {
        var status = refusal.StatusCode switch
        {
            426 => "426 Upgrade Required",
            431 => "431 Request Header Fields Too Large",
            _ => "400 Bad Request",
        };
        List<KeyValuePair<string, string>> headers =
        [
            new("Connection", "close"),
            new("Content-Type", "text/plain"),
            new("Content-Length", Encoding.ASCII.GetByteCount(Ascii(refusal.Message)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];
        if (refusal.StatusCode == 426)
        {
            headers.Add(new("Sec-WebSocket-Version", Version));
        }

        return new WebSocketHttpHead($"HTTP/1.1 {status}", headers);
    }

    private static async Task<WebSocketHttpHead> ReadHeadAsync(PipeReader input, CancellationToken ct)
    {
        while (true)
        {
            var result = await input.ReadAsync(ct);
            var buffer = result.Buffer;
            WebSocketHttpHead? head;
            bool read;
            try
            {
                read = WebSocketHttpHead.TryRead(ref buffer, out head);
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (read)
            {
                return head!;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                throw new IOException("The connection closed during the WebSocket handshake.");
            }
        }
    }

    /// <summary>Printable ASCII only, so peer-chosen text cannot forge log lines or HTTP headers.</summary>
    private static string Ascii(string text)
    {
        var chars = text.ToCharArray();
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
