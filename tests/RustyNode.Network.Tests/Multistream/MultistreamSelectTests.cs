using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using RustyNode.Network.Multistream;
using RustyNode.Network.Tests.Testing;
using RustyNode.Network.Transport.Memory;

namespace RustyNode.Network.Tests.Multistream;

public class MultistreamSelectTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Clause", "MSS-3.1")]
    public async Task Dialer_and_listener_agree_on_the_first_common_protocol()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var dial = MultistreamSelect.SelectAsync(left, ["/noise", "/tls/1.0.0"], CancellationToken.None);
        var listen = MultistreamSelect.HandleAsync(right, new[] { "/tls/1.0.0", "/noise" }, CancellationToken.None);
        Assert.Equal("/noise", await dial.WaitAsync(Bound));
        Assert.Equal("/noise", await listen.WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "MSS-3.3")]
    public async Task Refused_proposals_fall_back_to_the_next_one()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var dial = MultistreamSelect.SelectAsync(left, ["/mplex/6.7.0", "/other", "/yamux/1.0.0"], CancellationToken.None);
        var listen = MultistreamSelect.HandleAsync(right, p => p == "/yamux/1.0.0", CancellationToken.None);
        Assert.Equal("/yamux/1.0.0", await dial.WaitAsync(Bound));
        Assert.Equal("/yamux/1.0.0", await listen.WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "MSS-3.4")]
    public async Task No_common_protocol_fails_the_dialer_and_its_close_ends_the_listener()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var listen = MultistreamSelect.HandleAsync(right, new[] { "/b" }, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<NegotiationFailedException>(
            () => MultistreamSelect.SelectAsync(left, ["/a", "/c"], CancellationToken.None).WaitAsync(Bound));
        Assert.Equal(["/a", "/c"], ex.Proposed);
        Assert.IsNotAssignableFrom<Libp2pProtocolException>(ex);
        await left.Output.CompleteAsync();
        await Assert.ThrowsAsync<EndOfStreamException>(() => listen.WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "MSS-2.1")]
    public async Task Dialer_sends_header_and_first_proposal_in_one_write()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var dial = MultistreamSelect.SelectAsync(left, ["/noise"], CancellationToken.None);
        var first = await right.Input.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal("132f6d756c746973747265616d2f312e302e300a072f6e6f6973650a", Convert.ToHexStringLower(first.Buffer.ToArray()));
        right.Input.AdvanceTo(first.Buffer.End);
        Assert.False(dial.IsCompleted);
        await right.Output.WriteAsync(Convert.FromHexString("132f6d756c746973747265616d2f312e302e300a072f6e6f6973650a"));
        Assert.Equal("/noise", await dial.WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "MSS-2.2")]
    public async Task Listener_answers_golden_bytes_and_refuses_with_na()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var listen = MultistreamSelect.HandleAsync(right, new[] { "/noise" }, CancellationToken.None);
        await Write(left, MultistreamCodec.Header, "/tls/1.0.0", "/noise");
        Assert.Equal("/noise", await listen.WaitAsync(Bound));
        var answer = await ReadAll(left, 4 + 20 + 8);
        Assert.Equal("132f6d756c746973747265616d2f312e302e300a" + "036e610a" + "072f6e6f6973650a", Convert.ToHexStringLower(answer));
    }

    [Fact]
    [Trait("Clause", "MSS-2.3")]
    public async Task Listener_answers_ls_with_na_and_keeps_negotiating()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var listen = MultistreamSelect.HandleAsync(right, new[] { "/x" }, CancellationToken.None);
        await Write(left, MultistreamCodec.Header, "ls", "/x");
        Assert.Equal("/x", await listen.WaitAsync(Bound));
        Assert.Equal("132f6d756c746973747265616d2f312e302e300a036e610a032f780a", Convert.ToHexStringLower(await ReadAll(left, 20 + 4 + 4)));
    }

    [Fact]
    [Trait("Clause", "MSS-2.3")]
    public async Task Listener_never_accepts_the_reserved_messages_as_protocols()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var listen = MultistreamSelect.HandleAsync(right, _ => true, CancellationToken.None);
        await Write(left, MultistreamCodec.Header, MultistreamCodec.Header, "na", "ls", "/real");
        Assert.Equal("/real", await listen.WaitAsync(Bound));
        Assert.Equal(
            "132f6d756c746973747265616d2f312e302e300a" + "036e610a036e610a036e610a" + "062f7265616c0a",
            Convert.ToHexStringLower(await ReadAll(left, 20 + 12 + 7)));
    }

    [Fact]
    [Trait("Clause", "MSS-2.1")]
    public async Task Listener_works_with_a_dialer_that_waits_for_the_header_before_proposing()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var listen = MultistreamSelect.HandleAsync(right, new[] { "/p" }, CancellationToken.None);
        await Write(left, MultistreamCodec.Header);
        Assert.Equal(20, (await ReadAll(left, 20)).Length);
        await Write(left, "/p");
        Assert.Equal("/p", await listen.WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "MSS-2.4")]
    public async Task Bytes_after_the_accepted_proposal_stay_in_the_listeners_reader()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var writer = new ArrayBufferWriter<byte>();
        MultistreamCodec.Write(writer, MultistreamCodec.Header);
        MultistreamCodec.Write(writer, "/noise");
        writer.Write("NOISE-MSG-1"u8);
        await left.Output.WriteAsync(writer.WrittenMemory);

        Assert.Equal("/noise", await MultistreamSelect.HandleAsync(right, new[] { "/noise" }, CancellationToken.None).WaitAsync(Bound));
        var next = await right.Input.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal("NOISE-MSG-1", Encoding.ASCII.GetString(next.Buffer.ToArray()));
        right.Input.AdvanceTo(next.Buffer.End);
    }

    [Fact]
    [Trait("Clause", "MSS-2.4")]
    public async Task Bytes_after_the_confirmation_stay_in_the_dialers_reader()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var writer = new ArrayBufferWriter<byte>();
        MultistreamCodec.Write(writer, MultistreamCodec.Header);
        MultistreamCodec.Write(writer, "na");
        MultistreamCodec.Write(writer, "/echo/1.0.0");
        writer.Write("hello"u8);
        await right.Output.WriteAsync(writer.WrittenMemory);

        Assert.Equal("/echo/1.0.0", await MultistreamSelect.SelectAsync(left, ["/a", "/echo/1.0.0"], CancellationToken.None).WaitAsync(Bound));
        var next = await left.Input.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal("hello", Encoding.ASCII.GetString(next.Buffer.ToArray()));
        left.Input.AdvanceTo(next.Buffer.End);
    }

    [Fact]
    [Trait("Clause", "MSS-4.1")]
    public async Task Oversized_message_fails_the_listener_with_a_clear_error()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var listen = MultistreamSelect.HandleAsync(right, new[] { "/p" }, CancellationToken.None);
        await Write(left, MultistreamCodec.Header);
        await left.Output.WriteAsync(new byte[] { 0xd0, 0x0f }); // 2000, with no payload behind it
        var ex = await Assert.ThrowsAsync<MultistreamException>(() => listen.WaitAsync(Bound));
        Assert.Contains("exceeds the limit of 1024", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "MSS-4.1")]
    public async Task Oversized_answer_fails_the_dialer()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        await right.Output.WriteAsync(new byte[] { 0x81, 0x08 });
        await Assert.ThrowsAsync<MultistreamException>(
            () => MultistreamSelect.SelectAsync(left, ["/p"], CancellationToken.None).WaitAsync(Bound));
    }

    [Theory]
    [Trait("Clause", "MSS-1.2")]
    [InlineData("132f6d756c746973747265616d2f312e302e3021")]
    [InlineData("8000")]
    [InlineData("00")]
    public async Task Malformed_header_fails_the_listener(string hex)
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var listen = MultistreamSelect.HandleAsync(right, new[] { "/p" }, CancellationToken.None);
        await left.Output.WriteAsync(Convert.FromHexString(hex));
        await Assert.ThrowsAsync<MultistreamException>(() => listen.WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "MSS-2.1")]
    public async Task A_wrong_header_fails_both_roles()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var listen = MultistreamSelect.HandleAsync(right, new[] { "/p" }, CancellationToken.None);
        await Write(left, "/multistream/2.0.0", "/p");
        await Assert.ThrowsAsync<MultistreamException>(() => listen.WaitAsync(Bound));

        (left, right) = MemoryDuplexPipe.CreatePair();
        await Write(right, "na");
        await Assert.ThrowsAsync<MultistreamException>(
            () => MultistreamSelect.SelectAsync(left, ["/p"], CancellationToken.None).WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "MSS-3.2")]
    public async Task An_answer_that_is_neither_echo_nor_na_fails_the_dialer()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        await Write(right, MultistreamCodec.Header, "/q");
        await Assert.ThrowsAsync<MultistreamException>(
            () => MultistreamSelect.SelectAsync(left, ["/p", "/q"], CancellationToken.None).WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "MSS-4.2")]
    public async Task Listener_stops_answering_after_the_proposal_limit()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var listen = MultistreamSelect.HandleAsync(right, _ => false, CancellationToken.None);
        var proposals = Enumerable.Range(0, MultistreamLimits.MaxProposals + 1).Select(i => "/p/" + i).Prepend(MultistreamCodec.Header);
        await Write(left, proposals.ToArray());
        var ex = await Assert.ThrowsAsync<MultistreamException>(() => listen.WaitAsync(Bound));
        Assert.Contains("64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "MSS-4.3")]
    public async Task A_silent_peer_times_out()
    {
        var clock = new FakeClock();
        var timeout = TimeSpan.FromHours(1);
        var (left, _) = MemoryDuplexPipe.CreatePair();
        var options = new MultistreamOptions { NegotiationTimeout = timeout, TimeProvider = clock };
        var select = MultistreamSelect.SelectAsync(left, ["/p"], options, null, CancellationToken.None);
        await clock.AdvanceWhenArmedAsync(timeout, Bound);
        await Assert.ThrowsAsync<TimeoutException>(() => select.WaitAsync(Bound));
    }

    [Fact]
    [Trait("Clause", "MSS-4.3")]
    public async Task Caller_cancellation_is_reported_as_cancellation()
    {
        var (_, right) = MemoryDuplexPipe.CreatePair();
        using var cts = new CancellationTokenSource();
        var listen = MultistreamSelect.HandleAsync(right, _ => true, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen.WaitAsync(Bound));
    }

    [Fact]
    public async Task Random_bytes_only_ever_fail_the_listener_with_a_protocol_error_or_end_of_stream()
    {
        var random = new Random(2024);
        var header = new ArrayBufferWriter<byte>();
        MultistreamCodec.Write(header, MultistreamCodec.Header);
        for (var i = 0; i < 300; i++)
        {
            var (left, right) = MemoryDuplexPipe.CreatePair();
            var listen = MultistreamSelect.HandleAsync(right, p => p == "/p", CancellationToken.None);
            var junk = new byte[random.Next(64)];
            random.NextBytes(junk);
            if (i % 2 == 0)
            {
                await left.Output.WriteAsync(header.WrittenMemory);
            }

            await left.Output.WriteAsync(junk);
            await left.Output.CompleteAsync();
            try
            {
                await listen.WaitAsync(Bound);
            }
            catch (Exception ex) when (ex is MultistreamException or EndOfStreamException)
            {
            }
        }
    }

    private static async Task Write(MemoryDuplexPipe pipe, params string[] messages)
    {
        foreach (var message in messages)
        {
            MultistreamCodec.Write(pipe.Output, message);
        }

        await pipe.Output.FlushAsync();
    }

    private static async Task<byte[]> ReadAll(MemoryDuplexPipe pipe, int count)
    {
        while (true)
        {
            var result = await pipe.Input.ReadAsync().AsTask().WaitAsync(Bound);
            if (result.Buffer.Length >= count || result.IsCompleted)
            {
                var bytes = result.Buffer.Slice(0, Math.Min(count, result.Buffer.Length)).ToArray();
                pipe.Input.AdvanceTo(result.Buffer.GetPosition(bytes.Length));
                return bytes;
            }

            pipe.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
