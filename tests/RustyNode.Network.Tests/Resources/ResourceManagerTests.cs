using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Mplex;
using RustyNode.Network.Muxing.Yamux;
using RustyNode.Network.Resources;
using RustyNode.Network.Tests.Muxing;
using RustyNode.Network.Tests.Muxing.Mplex;
using RustyNode.Network.Tests.Muxing.Yamux;
using static RustyNode.Network.Tests.Protection.PeerProtectionTests;

namespace RustyNode.Network.Tests.Resources;

/// <summary>The memory budget against scripted hostile peers, one muxer session per connection.</summary>
public class ResourceManagerTests
{
    private const int Kib = 1024;

    [Fact]
    [Trait("Clause", "RCM-2.1")]
    public async Task Streams_past_the_connections_pending_limit_are_refused_until_one_is_accepted()
    {
        var manager = new ResourceManager(new ResourceOptions { MaxConnectionPendingStreams = 4 });
        var scope = manager.OpenConnection(NewPeer());
        await using var peer = YamuxTestPeer.Start(true, new MuxerResources(null, scope));

        for (uint id = 2; id <= 12; id += 2)
        {
            await peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, id, 0);
        }

        await peer.ReceiveUntilAsync(h => h.StreamId == 12 && (h.Flags & YamuxFlags.Rst) != 0);
        Assert.Equal(4, manager.PendingStreams);
        Assert.Equal(2, manager.RefusedStreams);

        var accepted = await peer.Session.AcceptStreamAsync().AsTask().WaitAsync(MuxTestUtil.TestTimeout);
        Assert.Equal(2, accepted.Id);
        Assert.Equal(3, manager.PendingStreams);
        await peer.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 14, 0);
        await MuxTestUtil.WaitUntilAsync(() => manager.PendingStreams == 4, "the new stream to wait for acceptance");
        Assert.Equal(2, manager.RefusedStreams);
    }

    [Fact]
    [Trait("Clause", "RCM-1.1")]
    [Trait("Clause", "RCM-2.2")]
    [Trait("Clause", "RCM-3.3")]
    public async Task At_the_nodes_pending_limit_the_connection_holding_the_most_waiting_streams_loses_its_oldest()
    {
        var manager = new ResourceManager(new ResourceOptions { MaxConnectionPendingStreams = 4, MaxNodePendingStreams = 6 });
        await using var hoarder = YamuxTestPeer.Start(true, new MuxerResources(null, manager.OpenConnection(NewPeer())));
        await using var other = YamuxTestPeer.Start(true, new MuxerResources(null, manager.OpenConnection(NewPeer())));
        for (uint id = 2; id <= 8; id += 2)
        {
            await hoarder.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, id, 0);
        }

        await MuxTestUtil.WaitUntilAsync(() => manager.PendingStreams == 4, "the hoarder's streams to wait");
        await other.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 2, 0);
        await other.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 4, 0);
        await MuxTestUtil.WaitUntilAsync(() => manager.PendingStreams == 6, "the node to be full");

        // The node is full: this stream is refused, and the hoarder's oldest waiting streams are reset.
        await other.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 6, 0);
        await other.ReceiveUntilAsync(h => h.StreamId == 6 && (h.Flags & YamuxFlags.Rst) != 0);
        await hoarder.ReceiveUntilAsync(h => h.StreamId == 2 && (h.Flags & YamuxFlags.Rst) != 0);
        Assert.True(manager.ShedStreams >= 1);
        Assert.True(manager.PendingStreams < 6);

        // There is room again for a stream of the other connection.
        await other.SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 8, 0);
        var accepted = new List<long>();
        while (accepted.Count < 3)
        {
            accepted.Add((await other.Session.AcceptStreamAsync().AsTask().WaitAsync(MuxTestUtil.TestTimeout)).Id);
        }

        Assert.Equal([2, 4, 8], accepted);
    }

    [Fact]
    [Trait("Clause", "RCM-1.3")]
    [Trait("Clause", "RCM-3.1")]
    [Trait("Clause", "RCM-1.5")]
    public async Task A_yamux_connection_over_its_buffered_limit_loses_its_largest_remote_opened_streams()
    {
        var manager = new ResourceManager(new ResourceOptions { MaxConnectionBufferedBytes = 512 * Kib });
        var scope = manager.OpenConnection(NewPeer());
        var peer = YamuxTestPeer.Start(true, new MuxerResources(null, scope));

        // Three streams, 200 KiB each (within each window), none read: 624 KiB in 16 KiB blocks.
        for (uint id = 2; id <= 6; id += 2)
        {
            await peer.SendAsync(YamuxFrameType.Data, YamuxFlags.Syn, id, 200 * Kib, new byte[200 * Kib]);
        }

        await peer.ReceiveUntilAsync(h => (h.Flags & YamuxFlags.Rst) != 0);
        await MuxTestUtil.WaitUntilAsync(() => manager.ShedStreams >= 1, "the shedding");
        Assert.True(manager.BufferedBytes <= 512 * Kib, $"{manager.BufferedBytes} bytes still buffered");

        await peer.DisposeAsync();
        manager.CloseConnection(scope);
        Assert.Equal(0, manager.BufferedBytes);
        Assert.Equal(0, manager.PendingStreams);
    }

    [Fact]
    [Trait("Clause", "RCM-1.3")]
    [Trait("Clause", "RCM-3.1")]
    public async Task An_mplex_connection_over_its_buffered_limit_loses_its_largest_remote_opened_streams()
    {
        var manager = new ResourceManager(new ResourceOptions { MaxConnectionBufferedBytes = 512 * Kib });
        await using var peer = MplexTestPeer.Start(resources: new MuxerResources(null, manager.OpenConnection(NewPeer())));

        for (long id = 0; id < 3; id++)
        {
            await peer.SendAsync(id, MplexFlag.NewStream);
            await peer.SendAsync(id, MplexFlag.MessageInitiator, new byte[200 * Kib]);
        }

        await peer.ReceiveUntilAsync(h => h.Flag == MplexFlag.ResetReceiver);
        await MuxTestUtil.WaitUntilAsync(() => manager.ShedStreams >= 1, "the shedding");
        Assert.True(manager.BufferedBytes <= 512 * Kib, $"{manager.BufferedBytes} bytes still buffered");
    }

    [Fact]
    [Trait("Clause", "RCM-3.1")]
    public async Task Data_on_streams_we_opened_is_never_shed()
    {
        var manager = new ResourceManager(new ResourceOptions { MaxConnectionBufferedBytes = 256 * Kib });
        await using var peer = YamuxTestPeer.Start(true, new MuxerResources(null, manager.OpenConnection(NewPeer())));
        var first = await peer.Session.OpenStreamAsync();
        var second = await peer.Session.OpenStreamAsync();
        await peer.ReceiveUntilAsync(h => h.StreamId == second.Id && (h.Flags & YamuxFlags.Syn) != 0);

        // The answers we asked for overfill the connection's limit; nothing of ours is reset.
        var payload = MuxTestUtil.RandomBytes(200 * Kib, 1);
        await peer.SendAsync(YamuxFrameType.Data, YamuxFlags.Ack | YamuxFlags.Fin, (uint)first.Id, (uint)payload.Length, payload);
        await peer.SendAsync(YamuxFrameType.Data, YamuxFlags.Ack | YamuxFlags.Fin, (uint)second.Id, (uint)payload.Length, payload);

        Assert.Equal(payload, await MuxTestUtil.ReadToEndAsync(first.Input).WaitAsync(MuxTestUtil.TestTimeout));
        Assert.Equal(payload, await MuxTestUtil.ReadToEndAsync(second.Input).WaitAsync(MuxTestUtil.TestTimeout));
        Assert.Equal(0, manager.ShedStreams);
    }

    [Fact]
    [Trait("Clause", "RCM-1.4")]
    public void A_window_may_grow_only_into_room_under_both_limits()
    {
        var manager = new ResourceManager(new ResourceOptions { MaxConnectionBufferedBytes = 512 * Kib, MaxNodeBufferedBytes = 768 * Kib });
        var first = manager.OpenConnection(NewPeer());
        var second = manager.OpenConnection(NewPeer());
        first.AddBuffered(400 * Kib);

        Assert.True(first.MayGrowWindow(64 * Kib));
        Assert.False(first.MayGrowWindow(256 * Kib));

        // The node's room is shared: the second connection's own limit is not the only bound.
        second.AddBuffered(300 * Kib);
        Assert.False(second.MayGrowWindow(128 * Kib));
        Assert.True(second.MayGrowWindow(64 * Kib));
    }

    [Fact]
    [Trait("Clause", "RCM-1.2")]
    public void Nonsensical_limits_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ResourceOptions { MaxConnectionBufferedBytes = 1000 }.Validate());
        Assert.Throws<ArgumentException>(() => new ResourceOptions { MaxNodeBufferedBytes = 1024 * Kib }.Validate());
        Assert.Throws<ArgumentException>(() => new ResourceOptions { MaxConnectionPendingStreams = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new ResourceOptions { MaxNodePendingStreams = 10 }.Validate());
        Assert.Throws<ArgumentException>(() => new ResourceOptions { ShedPenalty = -1 }.Validate());
        new ResourceOptions().Validate();
    }
}
