using RustyNode.Network.Muxing.Mplex;
using static RustyNode.Network.Tests.Muxing.MuxTestUtil;

namespace RustyNode.Network.Tests.Muxing.Mplex;

/// <summary>The bounds on inbound streams, seen by a scripted remote.</summary>
public sealed class MplexLimitTests : ScriptedPeerTests<MplexTestPeer>
{
    private MplexSession Session => Peer.Session;

    protected override MplexTestPeer StartPeer() => MplexTestPeer.Start();

    [Fact]
    [Trait("Clause", "MPX-4.1")]
    public async Task A_new_stream_beyond_256_unaccepted_ones_is_reset_and_never_created()
    {
        for (var id = 0; id < MplexLimits.MaxAcceptBacklog; id++)
        {
            await Peer.SendAsync(id, MplexFlag.NewStream);
        }

        await Peer.SendAsync(MplexLimits.MaxAcceptBacklog, MplexFlag.NewStream);
        var refused = await Peer.ReceiveUntilAsync(_ => true);
        Assert.Equal(new MplexFrameHeader(MplexLimits.MaxAcceptBacklog, MplexFlag.ResetReceiver, 0), refused.Header);
        Assert.Equal(MplexLimits.MaxAcceptBacklog, Session.StreamCount);

        // Data for the refused stream is dropped; the waiting streams are all there, in order.
        await Peer.SendAsync(MplexLimits.MaxAcceptBacklog, MplexFlag.MessageInitiator, [1]);
        for (var id = 0; id < MplexLimits.MaxAcceptBacklog; id++)
        {
            var stream = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
            Assert.Equal(id, stream.Id);
        }

        // With room in the backlog again a new stream is accepted.
        await Peer.SendAsync(MplexLimits.MaxAcceptBacklog + 1, MplexFlag.NewStream);
        await Peer.SendAsync(MplexLimits.MaxAcceptBacklog + 1, MplexFlag.MessageInitiator, [2]);
        var next = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        Assert.Equal(MplexLimits.MaxAcceptBacklog + 1, next.Id);
        Assert.Equal(new byte[] { 2 }, await ReadExactlyAsync(next.Input, 1).WaitAsync(TestTimeout));
        Assert.False(Session.Completion.IsCompleted);
    }

    [Fact]
    [Trait("Clause", "MPX-4.2")]
    public async Task A_new_stream_beyond_1024_open_inbound_ones_is_reset_and_room_comes_back_when_one_closes()
    {
        for (var id = 0; id < MplexLimits.MaxInboundStreams; id++)
        {
            await Peer.SendAsync(id, MplexFlag.NewStream);
            await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        }

        Assert.Equal(MplexLimits.MaxInboundStreams, Session.StreamCount);
        await Peer.SendAsync(MplexLimits.MaxInboundStreams, MplexFlag.NewStream);
        var refused = await Peer.ReceiveUntilAsync(_ => true);
        Assert.Equal(new MplexFrameHeader(MplexLimits.MaxInboundStreams, MplexFlag.ResetReceiver, 0), refused.Header);
        Assert.Equal(MplexLimits.MaxInboundStreams, Session.StreamCount);

        await Peer.SendAsync(0, MplexFlag.ResetInitiator);
        await Peer.SendAsync(MplexLimits.MaxInboundStreams + 1, MplexFlag.NewStream);
        await Peer.SendAsync(MplexLimits.MaxInboundStreams + 1, MplexFlag.MessageInitiator, [7]);
        var next = await Session.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        Assert.Equal(MplexLimits.MaxInboundStreams + 1, next.Id);
        Assert.Equal(new byte[] { 7 }, await ReadExactlyAsync(next.Input, 1).WaitAsync(TestTimeout));
    }
}
