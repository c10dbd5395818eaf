using System.Text;
using System.Threading.Channels;
using RustyNode.Network.Addressing;
using RustyNode.Network.Applications;
using RustyNode.Network.Identity;
using RustyNode.Network.Protocols.Identify;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Tests.RequestResponse;

namespace RustyNode.Network.Tests.Applications;

public class ApplicationProtocolsTests
{
    private const string Chat = "/test/chat/1.0.0";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Clause", "APP-2.2")]
    public async Task Sent_message_reaches_the_peers_message_handler()
    {
        var (aApp, aInbox, _) = ChatApp();
        var (bApp, _, _) = ChatApp();
        await using var a = await RrNode.StartAsync(aApp);
        await using var b = await RrNode.StartAsync(bApp);
        await b.ConnectAsync(a);

        await bApp.SendAsync(a.PeerId, Chat, "hello"u8.ToArray(), CancellationToken.None).WaitAsync(Bound);

        var (from, text) = await aInbox.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal(b.PeerId, from);
        Assert.Equal("hello", text);
    }

    [Fact]
    [Trait("Clause", "APP-2.1")]
    public async Task Many_messages_on_one_stream_arrive_in_order()
    {
        var (aApp, aInbox, _) = ChatApp();
        var (bApp, _, _) = ChatApp();
        await using var a = await RrNode.StartAsync(aApp);
        await using var b = await RrNode.StartAsync(bApp);
        await b.ConnectAsync(a);

        await using (var stream = await bApp.OpenStreamAsync(a.PeerId, Chat, CancellationToken.None).WaitAsync(Bound))
        {
            foreach (var word in new[] { "one", "two", "three" })
            {
                await ProtocolMessages.WriteAsync(stream.Output, Encoding.UTF8.GetBytes(word), CancellationToken.None);
            }

            await stream.Output.CompleteAsync();
            await ProtocolMessages.ReadToEndAsync(stream.Input, CancellationToken.None).AsTask().WaitAsync(Bound);
        }

        var received = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            received.Add((await aInbox.ReadAsync().AsTask().WaitAsync(Bound)).Text);
        }

        Assert.Equal(["one", "two", "three"], received);
    }

    [Fact]
    [Trait("Clause", "APP-2.4")]
    public async Task Broadcast_reaches_every_connected_peer_that_speaks_the_protocol()
    {
        var (hubApp, _, _) = ChatApp();
        var (leftApp, leftInbox, _) = ChatApp();
        var (rightApp, rightInbox, _) = ChatApp();
        var otherApp = new ApplicationProtocols();
        otherApp.Register("/test/other/1.0.0", (peer, message, ct) => ValueTask.CompletedTask);
        await using var hub = await RrNode.StartAsync(hubApp);
        await using var left = await RrNode.StartAsync(leftApp);
        await using var right = await RrNode.StartAsync(rightApp);
        await using var other = await RrNode.StartAsync(otherApp);
        await left.ConnectAsync(hub);
        await right.ConnectAsync(hub);
        await other.ConnectAsync(hub);

        var delivered = await hubApp.BroadcastAsync(Chat, "to all"u8.ToArray(), CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(2, delivered);
        Assert.Equal(("to all", hub.PeerId), Swap(await leftInbox.ReadAsync().AsTask().WaitAsync(Bound)));
        Assert.Equal(("to all", hub.PeerId), Swap(await rightInbox.ReadAsync().AsTask().WaitAsync(Bound)));
        Assert.Equal(3, hubApp.ConnectedPeers.Count);
    }

    [Fact]
    [Trait("Clause", "APP-3.1")]
    public async Task Peer_events_report_discovered_connected_updated_and_disconnected()
    {
        var (aApp, _, _) = ChatApp();
        var (bApp, _, bEvents) = ChatApp();
        await using var a = await RrNode.StartAsync(aApp, new IdentifyBehaviour());
        var b = await RrNode.StartAsync(bApp, new IdentifyBehaviour());
        try
        {
            bApp.AddPeerAddress(a.PeerId, a.Address);
            bApp.AddPeerAddress(a.PeerId, a.Address);
            await bApp.ConnectAsync(a.PeerId, CancellationToken.None).WaitAsync(Bound);

            var discovered = await NextAsync(bEvents);
            Assert.Equal((PeerEventKind.Discovered, a.PeerId), (discovered.Kind, discovered.Peer));
            Assert.Equal([a.Swarm.ListenAddresses[0]], discovered.Addresses);

            // The second report of the same address is not news: the next event is the connection.
            Assert.Equal(PeerEventKind.Connected, (await NextAsync(bEvents)).Kind);
            var updated = await NextAsync(bEvents);
            Assert.Equal(PeerEventKind.Updated, updated.Kind);
            Assert.Contains(a.Swarm.ListenAddresses[0], updated.Addresses);
            Assert.Contains(a.Swarm.ListenAddresses[0], bApp.GetAddresses(a.PeerId));

            await b.Swarm.DisconnectAsync(a.PeerId).WaitAsync(Bound);
            var disconnected = await NextAsync(bEvents);
            Assert.Equal((PeerEventKind.Disconnected, a.PeerId), (disconnected.Kind, disconnected.Peer));
            Assert.Empty(bApp.ConnectedPeers);
        }
        finally
        {
            await b.DisposeAsync();
        }
    }

    [Fact]
    [Trait("Clause", "APP-4.1")]
    public async Task Oversized_message_resets_the_stream_and_reports_the_peer()
    {
        var reporter = new RecordingReporter();
        var aApp = new ApplicationProtocols(new ApplicationProtocolsOptions { MaxMessageSize = 16 }, reporter);
        aApp.Register(Chat, (peer, message, ct) => ValueTask.CompletedTask);
        var (bApp, _, _) = ChatApp();
        await using var a = await RrNode.StartAsync(aApp);
        await using var b = await RrNode.StartAsync(bApp);
        await b.ConnectAsync(a);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(
            () => bApp.SendAsync(a.PeerId, Chat, new byte[17], CancellationToken.None).WaitAsync(Bound));

        Assert.Equal(RequestFailure.Refused, ex.Reason);
        Assert.Equal((b.PeerId, PeerReportWeights.ProtocolViolation), Only(reporter));
    }

    [Fact]
    [Trait("Clause", "APP-1.1")]
    public void Registration_checks_ids_and_duplicates()
    {
        var app = new ApplicationProtocols();
        app.Register(Chat, (peer, message, ct) => ValueTask.CompletedTask);
        Assert.Throws<ArgumentException>(() => app.Register(Chat, (peer, message, ct) => ValueTask.CompletedTask));
        Assert.Throws<ArgumentException>(() => app.Register("chat", (peer, message, ct) => ValueTask.CompletedTask));
        Assert.Equal([Chat], app.Protocols);
    }

    [Fact]
    [Trait("Clause", "APP-2.3")]
    public async Task Send_to_a_peer_without_the_protocol_is_unsupported()
    {
        var (aApp, _, _) = ChatApp();
        var otherApp = new ApplicationProtocols();
        otherApp.Register("/test/other/1.0.0", (peer, message, ct) => ValueTask.CompletedTask);
        await using var a = await RrNode.StartAsync(aApp);
        await using var other = await RrNode.StartAsync(otherApp);
        await a.ConnectAsync(other);

        var ex = await Assert.ThrowsAsync<RequestFailedException>(
            () => aApp.SendAsync(other.PeerId, Chat, "x"u8.ToArray(), CancellationToken.None).WaitAsync(Bound));

        Assert.Equal(RequestFailure.UnsupportedProtocol, ex.Reason);
    }

    private static (ApplicationProtocols App, ChannelReader<(PeerId From, string Text)> Inbox, ChannelReader<PeerEvent> Events) ChatApp()
    {
        var inbox = Channel.CreateUnbounded<(PeerId, string)>();
        var events = Channel.CreateUnbounded<PeerEvent>();
        var app = new ApplicationProtocols();
        app.Register(
            Chat,
            (peer, message, ct) => inbox.Writer.WriteAsync((peer, Encoding.UTF8.GetString(message.Span)), ct),
            e => events.Writer.TryWrite(e));
        return (app, inbox.Reader, events.Reader);
    }

    private static (string, PeerId) Swap((PeerId From, string Text) message) => (message.Text, message.From);

    private static (PeerId, double) Only(RecordingReporter reporter)
    {
        var report = Assert.Single(reporter.Reports);
        return (report.Peer, report.Weight);
    }

    private static async Task<PeerEvent> NextAsync(ChannelReader<PeerEvent> events) =>
        await events.ReadAsync().AsTask().WaitAsync(Bound);
}
