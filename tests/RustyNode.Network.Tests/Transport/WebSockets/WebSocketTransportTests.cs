using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using RustyNode.Network.Addressing;
using RustyNode.Network.Tests.Transport.Tcp;
using RustyNode.Network.Transport.Tcp;
using RustyNode.Network.Transport.WebSockets;

namespace RustyNode.Network.Tests.Transport.WebSockets;

public class WebSocketTransportTests
{
    private static readonly TimeSpan Bound = WebSocketTestPair.Bound;

    [Fact]
    [Trait("Clause", "WS-1.1")]
    public async Task Listening_on_port_zero_reports_a_ws_address_and_connections_carry_ws_addresses()
    {
        await using var pair = await WebSocketTestPair.CreateAsync();
        var listen = pair.Listener.ListenAddress.ToString();
        Assert.Matches(@"^/ip4/127\.0\.0\.1/tcp/[1-9][0-9]*/ws$", listen);
        Assert.Equal(pair.Listener.ListenAddress, pair.Client.RemoteAddress);
        Assert.Equal(pair.Client.LocalAddress, pair.Server.RemoteAddress);
        Assert.EndsWith("/ws", pair.Server.LocalAddress.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Clause", "WS-1.1")]
    [InlineData("/ip4/1.2.3.4/tcp/80/ws", true, true)]
    [InlineData("/ip6/::1/tcp/80/ws", true, true)]
    [InlineData("/dns4/example.com/tcp/80/ws", true, false)]
    [InlineData("/dns6/example.com/tcp/80/ws", true, false)]
    [InlineData("/dns/example.com/tcp/80/ws/p2p/12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X", true, false)]
    [InlineData("/ip4/1.2.3.4/tcp/80", false, false)]
    [InlineData("/ip4/1.2.3.4/tcp/80/wss", false, false)]
    [InlineData("/ip4/1.2.3.4/udp/80/ws", false, false)]
    [InlineData("/ip4/1.2.3.4/tcp/80/ws/ws", false, false)]
    public void Address_shapes_are_claimed_or_refused(string address, bool dial, bool listen)
    {
        var parsed = Multiaddr.Parse(address);
        Assert.Equal(dial, WebSocketTransport.CanDial(parsed));
        Assert.Equal(listen, WebSocketTransport.CanListen(parsed));
        Assert.False(TcpTransport.CanDial(parsed) && dial, "TCP and WebSocket never claim the same address");
    }

    [Fact]
    [Trait("Clause", "WS-1.1")]
    public async Task A_dns4_name_resolves_as_the_TCP_path_does()
    {
        var transport = new WebSocketTransport();
        await using var listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), CancellationToken.None);
        listener.ListenAddress.TryGetIPEndPoint(out var endPoint);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();

        await using var client = await transport.DialAsync(Multiaddr.Parse($"/dns4/localhost/tcp/{endPoint!.Port}/ws"), CancellationToken.None).WaitAsync(Bound);
        await using var server = await accept.WaitAsync(Bound);

        Assert.Equal(listener.ListenAddress, client.RemoteAddress);
        await client.Output.WriteAsync("via dns"u8.ToArray());
        await client.Output.CompleteAsync();
        Assert.Equal("via dns", Encoding.ASCII.GetString(await TcpTestPair.ReadToEndAsync(server.Input)));
    }

    [Fact]
    [Trait("Clause", "WS-1.1")]
    public async Task IPv6_loopback_works_when_the_machine_has_it()
    {
        if (!TcpTestPair.HasIPv6Loopback())
        {
            return; // No ::1 on this machine (checked at run time); nothing to test.
        }

        await using var pair = await WebSocketTestPair.CreateAsync("/ip6/::1/tcp/0/ws");
        Assert.StartsWith("/ip6/::1/tcp/", pair.Client.LocalAddress.ToString(), StringComparison.Ordinal);
        await pair.Server.Output.WriteAsync("six"u8.ToArray());
        await pair.Server.Output.CompleteAsync();
        Assert.Equal("six", Encoding.ASCII.GetString(await TcpTestPair.ReadToEndAsync(pair.Client.Input)));
    }

    [Fact]
    [Trait("Clause", "WS-3.1")]
    [Trait("Clause", "WS-3.2")]
    public async Task Twenty_megabytes_cross_both_ways_byte_for_byte()
    {
        await using var pair = await WebSocketTestPair.CreateAsync();
        const int total = 20 * 1024 * 1024;
        await Task.WhenAll(
            Patterns.SendAsync(pair.Client.Output, total, 3),
            Patterns.SendAsync(pair.Server.Output, total, 7),
            Patterns.VerifyAsync(pair.Server.Input, total, 3),
            Patterns.VerifyAsync(pair.Client.Input, total, 7)).WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    [Trait("Clause", "WS-3.1")]
    public async Task Fragments_and_messages_of_any_size_form_one_byte_stream_with_pings_between_them()
    {
        await using var listener = await new WebSocketTransport().ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        await using var raw = await RawWebSocketPeer.ConnectAsync(listener.ListenAddress);
        await using var server = await accept.WaitAsync(Bound);

        await raw.SendFrameAsync(WebSocketOpcode.Binary, "ab"u8.ToArray(), fin: false);
        await raw.SendFrameAsync(WebSocketOpcode.Ping, "p"u8.ToArray());
        await raw.SendFrameAsync(WebSocketOpcode.Continuation, [], fin: false);
        await raw.SendFrameAsync(WebSocketOpcode.Continuation, "cd"u8.ToArray());
        await raw.SendFrameAsync(WebSocketOpcode.Binary, []);
        await raw.SendFrameAsync(WebSocketOpcode.Binary, Encoding.ASCII.GetBytes(new string('e', 70_000)));
        await raw.SendFrameAsync(WebSocketOpcode.Close, [0x03, 0xE8]);

        var received = Encoding.ASCII.GetString(await TcpTestPair.ReadToEndAsync(server.Input));
        Assert.Equal("abcd" + new string('e', 70_000), received);
    }

    [Fact]
    [Trait("Clause", "WS-3.3")]
    public async Task A_ping_is_answered_with_a_pong_carrying_its_payload()
    {
        await using var listener = await new WebSocketTransport().ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        await using var raw = await RawWebSocketPeer.ConnectAsync(listener.ListenAddress);
        await using var server = await accept.WaitAsync(Bound);

        await raw.SendFrameAsync(WebSocketOpcode.Ping, "are you there"u8.ToArray());
        var (header, payload) = await raw.ReadFrameAsync();

        Assert.Equal(WebSocketOpcode.Pong, header.Opcode);
        Assert.False(header.Masked);
        Assert.Equal("are you there", Encoding.ASCII.GetString(payload));
    }

    [Fact]
    [Trait("Clause", "WS-3.3")]
    public async Task A_burst_of_pings_is_answered_in_order_ending_with_the_latest()
    {
        await using var listener = await new WebSocketTransport().ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        await using var raw = await RawWebSocketPeer.ConnectAsync(listener.ListenAddress);
        await using var server = await accept.WaitAsync(Bound);
        var burst = new List<byte>();
        for (var i = 0; i < 50; i++)
        {
            var header = new WebSocketFrameHeader(true, WebSocketOpcode.Ping, 1, 0, true);
            var bytes = new byte[header.Size + 1];
            header.Write(bytes);
            bytes[^1] = (byte)i;
            burst.AddRange(bytes);
        }

        await raw.SendAsync([.. burst]);

        var answered = new List<byte>();
        while (answered.Count == 0 || answered[^1] != 49)
        {
            var (header, payload) = await raw.ReadFrameAsync();
            Assert.Equal(WebSocketOpcode.Pong, header.Opcode);
            answered.Add(Assert.Single(payload));
        }

        Assert.Equal(answered.Order(), answered);
        Assert.Equal(answered.Distinct(), answered);
    }

    [Fact]
    [Trait("Clause", "WS-3.2")]
    public async Task A_reader_that_stops_makes_the_writers_flush_wait_and_every_byte_arrives_once_it_reads()
    {
        await using var pair = await WebSocketTestPair.CreateAsync();
        const int chunk = 64 * 1024;
        const int limit = 256 * 1024 * 1024;
        var written = 0;
        ValueTask<FlushResult> flush;
        do
        {
            // The server does not read: once every buffer on the way is full, a flush must wait.
            pair.Client.Output.GetSpan(chunk);
            pair.Client.Output.Advance(chunk);
            written += chunk;
            flush = pair.Client.Output.FlushAsync();
        }
        while (flush.IsCompleted && written < limit);

        Assert.False(flush.IsCompleted, $"{written} bytes were taken without the flush ever waiting");
        var reading = CountAsync(pair.Server.Input, written);
        await flush.AsTask().WaitAsync(Bound);
        Assert.Equal(written, await reading.WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "WS-4.1")]
    [Trait("Clause", "WS-4.2")]
    public async Task Completing_the_output_closes_with_1000_and_the_peer_answers_in_kind()
    {
        await using var pair = await WebSocketTestPair.CreateAsync();
        await pair.Client.Output.WriteAsync("last words"u8.ToArray());
        await pair.Client.Output.CompleteAsync();

        Assert.Equal("last words", Encoding.ASCII.GetString(await TcpTestPair.ReadToEndAsync(pair.Server.Input)));
        Assert.Equal(WebSocketCloseCode.Normal, pair.Server.PeerCloseCode);
        await TcpTestPair.ReadToEndAsync(pair.Client.Input);
        Assert.Equal(WebSocketCloseCode.Normal, pair.Client.PeerCloseCode);
        await pair.Client.Completion.WaitAsync(Bound);
        await pair.Server.Completion.WaitAsync(Bound);
        Assert.True((await pair.Server.Output.FlushAsync()).IsCompleted, "no data may follow the Close reply");
    }

    [Fact]
    [Trait("Clause", "WS-4.2")]
    public async Task A_peer_close_is_echoed_with_its_code_and_ends_the_input()
    {
        await using var listener = await new WebSocketTransport().ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        await using var raw = await RawWebSocketPeer.ConnectAsync(listener.ListenAddress);
        await using var server = await accept.WaitAsync(Bound);

        await raw.SendFrameAsync(WebSocketOpcode.Close, [0x03, 0xE9, .. "going away"u8]);

        Assert.Equal((1001, string.Empty), await raw.ReadCloseAsync());
        Assert.Empty(await TcpTestPair.ReadToEndAsync(server.Input));
        Assert.Equal(1001, server.PeerCloseCode);
        Assert.Equal("going away", server.PeerCloseReason);
    }

    [Fact]
    [Trait("Clause", "WS-1.4")]
    public async Task A_dial_fails_when_the_server_does_not_prove_our_key()
    {
        await using var tcpListener = await new TcpTransport().ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), CancellationToken.None);
        var accept = tcpListener.AcceptAsync(CancellationToken.None).AsTask();
        var dial = new WebSocketTransport().DialAsync(tcpListener.ListenAddress.Encapsulate(Multiaddr.Parse("/ws")), CancellationToken.None);
        await using var raw = RawWebSocketPeer.Server(await accept.WaitAsync(Bound));
        await raw.SendAsync("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");

        var error = await Assert.ThrowsAsync<WebSocketHandshakeException>(() => dial.WaitAsync(Bound));
        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Clause", "WS-1.3")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n", "400 Bad Request", "Sec-WebSocket-Key")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n", "426 Upgrade Required", "Sec-WebSocket-Version: 13")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "400 Bad Request", "upgrade to websocket")]
    public async Task A_bad_upgrade_request_is_refused_with_an_HTTP_status_and_the_connection_closed(string request, string status, string detail)
    {
        await using var listener = await new WebSocketTransport().ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        await using var raw = await RawWebSocketPeer.DialTcpAsync(listener.ListenAddress);
        await using var server = await accept.WaitAsync(Bound);

        await raw.SendAsync(request);

        var response = await raw.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 " + status + "\r\n", response, StringComparison.Ordinal);
        Assert.Contains(detail, response, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WebSocketHandshakeException>(() => server.Handshake.WaitAsync(Bound));
        await Assert.ThrowsAsync<WebSocketHandshakeException>(() => TcpTestPair.ReadToEndAsync(server.Input));
    }

    [Fact]
    [Trait("Clause", "WS-1.5")]
    public async Task An_oversized_request_head_is_refused_with_431_before_it_ends()
    {
        await using var listener = await new WebSocketTransport().ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        await using var raw = await RawWebSocketPeer.DialTcpAsync(listener.ListenAddress);
        await using var server = await accept.WaitAsync(Bound);

        await raw.SendAsync("GET / HTTP/1.1\r\nX-Filler: " + new string('a', WebSocketLimits.MaxHandshakeHeadLength));

        Assert.StartsWith("HTTP/1.1 431 ", await raw.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "WS-1.5")]
    public async Task A_silent_client_is_dropped_when_the_handshake_time_is_up()
    {
        var clock = new FakeTimeProvider();
        var transport = new WebSocketTransport(new WebSocketTransportOptions { TimeProvider = clock });
        await using var listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        await using var raw = await RawWebSocketPeer.DialTcpAsync(listener.ListenAddress);
        await using var server = await accept.WaitAsync(Bound);
        await raw.SendAsync("GET / HTTP/1.1\r\n");

        clock.Advance(WebSocketLimits.HandshakeTimeout - TimeSpan.FromSeconds(1));
        Assert.False(server.Handshake.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => server.Handshake.WaitAsync(Bound));
        Assert.Contains("handshake", error.Message, StringComparison.Ordinal);
        Assert.Empty(await raw.ReadToEndAsync());
    }

    [Fact]
    [Trait("Clause", "WS-4.4")]
    public async Task Closing_an_accepted_connection_before_its_handshake_ends_it_at_once()
    {
        // A fake clock that never moves: neither the handshake deadline nor the close timeout can fire.
        var transport = new WebSocketTransport(new WebSocketTransportOptions { TimeProvider = new FakeTimeProvider() });
        await using var listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        await using var raw = await RawWebSocketPeer.DialTcpAsync(listener.ListenAddress);
        var server = await accept.WaitAsync(Bound);

        await server.DisposeAsync().AsTask().WaitAsync(Bound);

        await Assert.ThrowsAsync<IOException>(() => server.Handshake.WaitAsync(Bound));
        Assert.Empty(await raw.ReadToEndAsync());
    }

    [Fact]
    [Trait("Clause", "WS-4.4")]
    public async Task The_TCP_connection_ending_inside_a_frame_is_an_IO_error_and_at_a_boundary_a_plain_end()
    {
        await using var listener = await new WebSocketTransport().ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        await using (var raw = await RawWebSocketPeer.ConnectAsync(listener.ListenAddress))
        await using (var server = await accept.WaitAsync(Bound))
        {
            await raw.SendFrameAsync(WebSocketOpcode.Binary, "whole"u8.ToArray());
            await raw.Tcp.Output.CompleteAsync();
            Assert.Equal("whole", Encoding.ASCII.GetString(await TcpTestPair.ReadToEndAsync(server.Input)));
        }

        accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        await using (var raw = await RawWebSocketPeer.ConnectAsync(listener.ListenAddress))
        await using (var server = await accept.WaitAsync(Bound))
        {
            await raw.SendAsync([0x82, 0x85, 1, 2, 3, 4, 9]);
            await raw.Tcp.Output.CompleteAsync();
            var error = await Assert.ThrowsAsync<IOException>(() => TcpTestPair.ReadToEndAsync(server.Input));
            Assert.Contains("inside a frame", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait("Clause", "WS-4.4")]
    public async Task Abort_resets_and_disposing_twice_is_safe()
    {
        var pair = await WebSocketTestPair.CreateAsync();
        pair.Client.Abort();
        await Assert.ThrowsAnyAsync<IOException>(() => TcpTestPair.ReadToEndAsync(pair.Server.Input));
        await pair.DisposeAsync();
        await pair.DisposeAsync();
    }

    private static async Task<long> CountAsync(PipeReader input, long expected)
    {
        long total = 0;
        while (total < expected)
        {
            var result = await input.ReadAsync();
            total += result.Buffer.Length;
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        return total;
    }
}
