using System.Text;
using System.Threading.Channels;
using RustyNode.Network.Applications;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.RequestResponse;
using RustyNode.Network.Tests.Testing;

namespace RustyNode.Network.Tests.Applications;

/// <summary>The bounds on inbound streams of custom protocols: how many at once, and how long silent.</summary>
public class InboundStreamLimitTests
{
    private const string Chat = "/test/chat/1.0.0";
    private const string News = "/test/news/1.0.0";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Clause", "APP-4.2")]
    public async Task Inbound_streams_of_one_peer_beyond_the_limit_are_reset_counting_all_protocols_together()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrivals = Channel.CreateUnbounded<(PeerId Peer, string Protocol)>();
        var aApp = new ApplicationProtocols(new ApplicationProtocolsOptions { MaxInboundStreamsPerPeer = 2 });
        aApp.Register(Chat, new GatedHandler(gate.Task, arrivals.Writer));
        aApp.Register(News, new GatedHandler(gate.Task, arrivals.Writer));
        var bApp = Opener();
        var cApp = Opener();
        await using var a = await RrNode.StartAsync(aApp);
        await using var b = await RrNode.StartAsync(bApp);
        await using var c = await RrNode.StartAsync(cApp);
        await b.ConnectAsync(a);
        await c.ConnectAsync(a);

        try
        {
            // B holds one stream of each protocol: its limit of two, over both protocols.
            await using var chat = await bApp.OpenStreamAsync(a.PeerId, Chat, CancellationToken.None).WaitAsync(Bound);
            await using var news = await bApp.OpenStreamAsync(a.PeerId, News, CancellationToken.None).WaitAsync(Bound);
            var held = new[] { await NextAsync(arrivals.Reader), await NextAsync(arrivals.Reader) };
            Assert.Equal([(b.PeerId, Chat), (b.PeerId, News)], held.OrderBy(h => h.Protocol, StringComparer.Ordinal));

            // A third stream of B is reset before any handler sees it, though Chat has only one.
            var ex = await Assert.ThrowsAsync<RequestFailedException>(
                () => bApp.SendAsync(a.PeerId, Chat, "one too many"u8.ToArray(), CancellationToken.None).WaitAsync(Bound));
            Assert.Equal(RequestFailure.Refused, ex.Reason);

            // Another peer's streams are counted apart from B's.
            await using var fromC = await cApp.OpenStreamAsync(a.PeerId, Chat, CancellationToken.None).WaitAsync(Bound);
            Assert.Equal((c.PeerId, Chat), await NextAsync(arrivals.Reader));
            Assert.False(arrivals.Reader.TryRead(out var extra), $"a handler saw a stream beyond the limit: {extra}");

            // The held streams were never disturbed: once released they are served to their end.
            gate.TrySetResult();
            foreach (var stream in new[] { chat, news, fromC })
            {
                await stream.Output.CompleteAsync();
                await ProtocolMessages.ReadToEndAsync(stream.Input, CancellationToken.None).AsTask().WaitAsync(Bound);
            }
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    [Trait("Clause", "APP-4.3")]
    public async Task Inbound_stream_silent_for_sixty_seconds_is_reset_and_each_message_restarts_the_wait()
    {
        var clock = new FakeClock();
        var inbox = Channel.CreateUnbounded<string>();
        var aApp = new ApplicationProtocols();
        aApp.Register(Chat, (peer, message, ct) => inbox.Writer.WriteAsync(Encoding.UTF8.GetString(message.Span), ct));
        var bApp = Opener();
        await using var a = await RrNode.StartAsync(clock, aApp);
        await using var b = await RrNode.StartAsync(bApp);
        await b.ConnectAsync(a);
        var idle = TimeSpan.FromSeconds(60);
        var justUnder = TimeSpan.FromSeconds(59);
        using var bound = new CancellationTokenSource(Bound);

        // Two messages 59 s apart keep a stream alive for well over 60 s in all.
        await using (var lively = await bApp.OpenStreamAsync(a.PeerId, Chat, CancellationToken.None).WaitAsync(Bound))
        {
            await clock.WaitForTimerAsync(idle, bound.Token);
            clock.Advance(justUnder);
            await ProtocolMessages.WriteAsync(lively.Output, "one"u8.ToArray(), CancellationToken.None);
            Assert.Equal("one", await inbox.Reader.ReadAsync().AsTask().WaitAsync(Bound));

            await clock.WaitForTimerAsync(idle, bound.Token);
            clock.Advance(justUnder);
            await ProtocolMessages.WriteAsync(lively.Output, "two"u8.ToArray(), CancellationToken.None);
            await lively.Output.CompleteAsync();

            await ProtocolMessages.ReadToEndAsync(lively.Input, CancellationToken.None).AsTask().WaitAsync(Bound);
            Assert.Equal("two", await inbox.Reader.ReadAsync().AsTask().WaitAsync(Bound));
        }

        // A stream on which nothing arrives for 60 s is reset; the connection stays.
        await using var silent = await bApp.OpenStreamAsync(a.PeerId, Chat, CancellationToken.None).WaitAsync(Bound);
        await clock.WaitForTimerAsync(idle, bound.Token);
        clock.Advance(idle);

        await Assert.ThrowsAnyAsync<IOException>(() => ProtocolMessages.ReadToEndAsync(silent.Input, CancellationToken.None).AsTask().WaitAsync(Bound));
        Assert.False(inbox.Reader.TryRead(out _));
        Assert.Single(a.Swarm.GetConnections(b.PeerId));
    }

    private static ApplicationProtocols Opener()
    {
        var app = new ApplicationProtocols();
        app.Register("/test/unused/1.0.0", (peer, message, ct) => ValueTask.CompletedTask);
        return app;
    }

    private static async Task<(PeerId Peer, string Protocol)> NextAsync(ChannelReader<(PeerId Peer, string Protocol)> arrivals) =>
        await arrivals.ReadAsync().AsTask().WaitAsync(Bound);

    /// <summary>Says a stream arrived, waits for the gate, then reads messages as the default handler does.</summary>
    private sealed class GatedHandler(Task gate, ChannelWriter<(PeerId Peer, string Protocol)> arrivals) : ProtocolHandler
    {
        public override async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
        {
            arrivals.TryWrite((stream.Peer, stream.Protocol));
            await gate.WaitAsync(cancellationToken);
            await base.HandleStreamAsync(stream, cancellationToken);
        }
    }
}
