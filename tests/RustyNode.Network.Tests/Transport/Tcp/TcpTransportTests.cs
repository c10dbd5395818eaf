using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RustyNode.Network.Addressing;
using RustyNode.Network.Multistream;
using RustyNode.Network.Tests.Testing;
using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Network.Tests.Transport.Tcp;

public class TcpTransportTests
{
    private static readonly TimeSpan Bound = TcpTestPair.Bound;

    [Fact]
    [Trait("Clause", "TCP-1.2")]
    public async Task Listening_on_port_zero_reports_the_bound_port_and_addresses_match()
    {
        await using var pair = await TcpTestPair.CreateAsync();
        Assert.True(pair.Listener.ListenAddress.TryGetIPEndPoint(out var endPoint));
        Assert.NotEqual(0, endPoint!.Port);
        Assert.Equal(IPAddress.Loopback, endPoint.Address);
        Assert.Equal(pair.Listener.ListenAddress, pair.Dialer.RemoteAddress);
        Assert.Equal(pair.Dialer.LocalAddress, pair.Accepted.RemoteAddress);
        Assert.Equal(pair.Accepted.LocalAddress, pair.Listener.ListenAddress);
    }

    [Fact]
    [Trait("Clause", "TCP-1.2")]
    public async Task IPv6_loopback_dial_and_listen_work_when_the_machine_has_it()
    {
        if (!TcpTestPair.HasIPv6Loopback())
        {
            return; // No ::1 on this machine (checked at run time); nothing to test.
        }

        await using var pair = await TcpTestPair.CreateAsync("/ip6/::1/tcp/0");
        Assert.StartsWith("/ip6/::1/tcp/", pair.Listener.ListenAddress.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("/ip6/::1/tcp/", pair.Dialer.LocalAddress.ToString(), StringComparison.Ordinal);
        await pair.Dialer.Output.WriteAsync("six"u8.ToArray());
        await pair.Dialer.Output.CompleteAsync();
        Assert.Equal("six", Encoding.ASCII.GetString(await TcpTestPair.ReadToEndAsync(pair.Accepted.Input)));
    }

    [Fact]
    [Trait("Clause", "TCP-2.1")]
    public async Task Fifty_megabytes_cross_both_ways_byte_for_byte()
    {
        await using var pair = await TcpTestPair.CreateAsync();
        const int total = 50 * 1024 * 1024;
        var sends = Task.WhenAll(SendPatternAsync(pair.Dialer.Output, total, 3), SendPatternAsync(pair.Accepted.Output, total, 7));
        var receives = Task.WhenAll(VerifyPatternAsync(pair.Accepted.Input, total, 3), VerifyPatternAsync(pair.Dialer.Input, total, 7));
        await Task.WhenAll(sends, receives).WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    [Trait("Clause", "TCP-2.1")]
    public async Task Waiting_for_data_before_taking_a_buffer_still_delivers_every_byte()
    {
        var options = new TcpTransportOptions { WaitForDataBeforeAllocatingBuffer = true, ReceiveBufferSize = 4096, InputPauseThreshold = 64 * 1024, InputResumeThreshold = 32 * 1024 };
        await using var pair = await TcpTestPair.CreateAsync(options: options);
        const int total = 5 * 1024 * 1024;
        await Task.WhenAll(SendPatternAsync(pair.Dialer.Output, total, 11), VerifyPatternAsync(pair.Accepted.Input, total, 11)).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [Trait("Clause", "TCP-2.1")]
    [InlineData(1024)]
    [InlineData(64 * 1024)]
    public async Task A_flush_of_many_segments_arrives_intact(int segmentSize)
    {
        await using var pair = await TcpTestPair.CreateAsync(options: new TcpTransportOptions { OutputSegmentSize = segmentSize });
        var output = pair.Dialer.Output;
        var expected = new List<byte>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 150; i++)
            {
                var size = 1 + ((i * 977) % 3000);
                var span = output.GetSpan(size)[..size];
                for (var j = 0; j < size; j++)
                {
                    span[j] = (byte)(i + j + round);
                }

                expected.AddRange(span.ToArray());
                output.Advance(size);
            }

            await output.FlushAsync();
        }

        await output.CompleteAsync();
        Assert.Equal(expected.ToArray(), await TcpTestPair.ReadToEndAsync(pair.Accepted.Input));
    }

    [Fact]
    [Trait("Clause", "TCP-2.3")]
    public async Task Completing_output_half_closes_and_the_other_direction_keeps_working()
    {
        await using var pair = await TcpTestPair.CreateAsync();
        await pair.Dialer.Output.WriteAsync("request"u8.ToArray());
        await pair.Dialer.Output.CompleteAsync();

        Assert.Equal("request", Encoding.ASCII.GetString(await TcpTestPair.ReadToEndAsync(pair.Accepted.Input)));
        await pair.Accepted.Output.WriteAsync("response after FIN"u8.ToArray());
        await pair.Accepted.Output.CompleteAsync();
        Assert.Equal("response after FIN", Encoding.ASCII.GetString(await TcpTestPair.ReadToEndAsync(pair.Dialer.Input)));
    }

    [Fact]
    [Trait("Clause", "TCP-2.2")]
    public async Task Remote_close_completes_input_after_the_data_already_sent()
    {
        await using var pair = await TcpTestPair.CreateAsync();
        await pair.Accepted.Output.WriteAsync("last words"u8.ToArray());
        await pair.Accepted.DisposeAsync();
        Assert.Equal("last words", Encoding.ASCII.GetString(await TcpTestPair.ReadToEndAsync(pair.Dialer.Input)));
        await pair.Accepted.DisposeAsync(); // twice is safe
    }

    [Fact]
    [Trait("Clause", "TCP-2.4")]
    public async Task Abort_resets_and_the_peer_sees_an_IOException_not_a_crash()
    {
        await using var pair = await TcpTestPair.CreateAsync();
        pair.Accepted.Abort();
        pair.Accepted.Abort();
        var ex = await Assert.ThrowsAsync<IOException>(async () =>
        {
            while (true)
            {
                var result = await pair.Dialer.Input.ReadAsync().AsTask().WaitAsync(Bound);
                pair.Dialer.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    // A FIN instead of a reset would end here; writing must then fail.
                    for (var i = 0; i < 1000; i++)
                    {
                        await pair.Dialer.Output.WriteAsync(new byte[64 * 1024]).AsTask().WaitAsync(Bound);
                    }
                }
            }
        });
        Assert.Contains("connection", ex.Message, StringComparison.OrdinalIgnoreCase);
        await pair.Accepted.Completion.WaitAsync(Bound);
    }

    [Fact]
    [Trait("Clause", "TCP-2.4")]
    public async Task Abort_fails_a_flush_blocked_by_backpressure_with_an_IOException()
    {
        await using var pair = await TcpTestPair.CreateAsync();
        var writer = Task.Run(async () =>
        {
            var chunk = new byte[64 * 1024];
            while (true)
            {
                // The peer never reads: this blocks once the socket and pipe buffers are full.
                var flush = await pair.Dialer.Output.WriteAsync(chunk);
                if (flush.IsCompleted)
                {
                    return;
                }
            }
        });
        // Whether the writer is already blocked or not, every flush after the abort must fail.
        pair.Dialer.Abort();
        await Assert.ThrowsAsync<IOException>(() => writer.WaitAsync(Bound));
        await pair.Dialer.Completion.WaitAsync(Bound);
    }

    [Fact]
    [Trait("Clause", "TCP-2.4")]
    public async Task Dispose_gives_up_draining_after_the_close_timeout()
    {
        var clock = new FakeClock();
        var closeTimeout = TimeSpan.FromHours(1);
        var options = new TcpTransportOptions { CloseTimeout = closeTimeout, TimeProvider = clock };
        await using var pair = await TcpTestPair.CreateAsync(options: options);
        for (var i = 0; i < 256; i++)
        {
            // 16 MiB committed without flushing: more than the socket buffers take while the peer is not reading.
            pair.Dialer.Output.GetSpan(64 * 1024);
            pair.Dialer.Output.Advance(64 * 1024);
        }

        // Dispose drains until the close timeout, on the fake clock: it cannot end before the test advances it.
        var dispose = pair.Dialer.DisposeAsync().AsTask();
        using (var bound = new CancellationTokenSource(Bound))
        {
            await clock.WaitForTimerAsync(closeTimeout, bound.Token);
        }

        Assert.False(dispose.IsCompleted);
        clock.Advance(closeTimeout);
        await dispose.WaitAsync(Bound);
        Assert.True(pair.Dialer.Completion.IsCompleted);
    }

    [Fact]
    [Trait("Clause", "TCP-1.3")]
    public async Task Dialing_a_closed_port_gives_a_clear_connection_refused_error()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var transport = new TcpTransport();
        var ex = await Assert.ThrowsAsync<IOException>(
            () => transport.DialAsync(Multiaddr.Parse($"/ip4/127.0.0.1/tcp/{port}"), CancellationToken.None).WaitAsync(Bound));
        Assert.Contains("refused", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"/ip4/127.0.0.1/tcp/{port}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "TCP-1.3")]
    public async Task Dns4_localhost_and_a_p2p_suffix_dial_the_listener()
    {
        var transport = new TcpTransport();
        await using var listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), CancellationToken.None);
        Assert.True(listener.ListenAddress.TryGetIPEndPoint(out var endPoint));
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        var peer = "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";
        await using var dialed = await transport.DialAsync(Multiaddr.Parse($"/dns4/localhost/tcp/{endPoint!.Port}{peer}"), CancellationToken.None).WaitAsync(Bound);
        await using var accepted = await accept.WaitAsync(Bound);
        Assert.Equal(listener.ListenAddress, dialed.RemoteAddress);

        var second = listener.AcceptAsync(CancellationToken.None).AsTask();
        await using var direct = await transport.DialAsync(listener.ListenAddress.WithP2p(Multiaddr.Parse(peer).GetPeerIdBytes()!), CancellationToken.None).WaitAsync(Bound);
        await using var secondAccepted = await second.WaitAsync(Bound);
        Assert.Equal(direct.LocalAddress, secondAccepted.RemoteAddress);
    }

    [Fact]
    [Trait("Clause", "TCP-1.3")]
    public async Task An_unresolvable_name_is_an_IOException_naming_it()
    {
        var transport = new TcpTransport();
        var ex = await Assert.ThrowsAsync<IOException>(
            () => transport.DialAsync(Multiaddr.Parse("/dns4/nothing.invalid/tcp/1"), CancellationToken.None).WaitAsync(Bound));
        Assert.Contains("nothing.invalid", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Clause", "TCP-1.1")]
    [InlineData("/ip4/127.0.0.1/udp/1")]
    [InlineData("/ip4/127.0.0.1/tcp/1/ws")]
    [InlineData("/ip4/127.0.0.1")]
    [InlineData("/tcp/1")]
    [InlineData("/p2p-circuit")]
    public async Task Non_tcp_addresses_are_refused_up_front(string text)
    {
        var address = Multiaddr.Parse(text);
        Assert.False(TcpTransport.CanDial(address));
        Assert.False(TcpTransport.CanListen(address));
        var transport = new TcpTransport();
        await Assert.ThrowsAsync<ArgumentException>(() => transport.DialAsync(address, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => transport.ListenAsync(address, CancellationToken.None));
        Assert.False(TcpTransport.CanListen(Multiaddr.Parse("/dns4/localhost/tcp/1")));
        Assert.True(TcpTransport.CanDial(Multiaddr.Parse("/dns6/localhost/tcp/1")));
    }

    [Fact]
    [Trait("Clause", "TCP-1.2")]
    public async Task Disposing_the_listener_ends_a_pending_accept()
    {
        var transport = new TcpTransport();
        var listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), CancellationToken.None);
        var accept = listener.AcceptAsync(CancellationToken.None).AsTask();
        await listener.DisposeAsync();
        await listener.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => accept.WaitAsync(Bound));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => listener.AcceptAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    [Trait("Clause", "TCP-1.2")]
    public async Task Listening_on_a_port_in_use_is_an_IOException()
    {
        var transport = new TcpTransport();
        await using var first = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => transport.ListenAsync(first.ListenAddress, CancellationToken.None));
    }

    [Fact]
    [Trait("Clause", "TCP-2.5")]
    public async Task Multistream_over_tcp_leaves_the_next_protocols_bytes_unread()
    {
        await using var pair = await TcpTestPair.CreateAsync();
        var listen = MultistreamSelect.HandleAsync(pair.Accepted, new[] { "/noise" }, CancellationToken.None);
        Assert.Equal("/noise", await MultistreamSelect.SelectAsync(pair.Dialer, ["/noise"], CancellationToken.None).WaitAsync(Bound));
        await pair.Dialer.Output.WriteAsync("handshake-1"u8.ToArray());
        Assert.Equal("/noise", await listen.WaitAsync(Bound));
        await pair.Dialer.Output.CompleteAsync();
        Assert.Equal("handshake-1", Encoding.ASCII.GetString(await TcpTestPair.ReadToEndAsync(pair.Accepted.Input)));
    }

    private static async Task SendPatternAsync(PipeWriter output, int total, int seed)
    {
        var sent = 0;
        while (sent < total)
        {
            var memory = output.GetMemory(32 * 1024);
            var count = Math.Min(memory.Length, total - sent);
            var span = memory.Span;
            for (var i = 0; i < count; i++)
            {
                span[i] = Pattern(sent + i, seed);
            }

            output.Advance(count);
            sent += count;
            await output.FlushAsync();
        }

        await output.CompleteAsync();
    }

    private static async Task VerifyPatternAsync(PipeReader input, int total, int seed)
    {
        var received = 0;
        while (true)
        {
            var result = await input.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                var span = segment.Span;
                for (var i = 0; i < span.Length; i++)
                {
                    if (span[i] != Pattern(received + i, seed))
                    {
                        Assert.Fail($"Byte {received + i} differs.");
                    }
                }

                received += span.Length;
            }

            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        Assert.Equal(total, received);
    }

    private static byte Pattern(int index, int seed) => (byte)((index * seed) + (index >> 16));
}
