using RustyNode.Network.Muxing.Mplex;
using RustyNode.Network.Transport.Memory;
using static RustyNode.Network.Tests.Muxing.MuxTestUtil;

namespace RustyNode.Network.Tests.Muxing.Mplex;

/// <summary>How we frame outbound data, and that nothing but the connection holds a sender back.</summary>
public sealed class MplexWritingTests
{
    [Fact]
    [Trait("Clause", "MPX-1.5")]
    public async Task A_large_write_is_split_into_message_frames_of_at_most_64_KiB()
    {
        await using var peer = MplexTestPeer.Start();
        var stream = await peer.Session.OpenStreamAsync();
        var payload = RandomBytes((3 * MplexLimits.MaxDataFramePayload) + 1000, 15);
        var send = stream.Output.WriteAsync(payload).AsTask();

        var lengths = new List<int>();
        var received = new MemoryStream();
        while (received.Length < payload.Length)
        {
            var frame = await peer.ReceiveUntilAsync(h => h.Flag == MplexFlag.MessageInitiator);
            lengths.Add(frame.Header.Length);
            received.Write(frame.Payload);
        }

        await send.WaitAsync(TestTimeout);
        Assert.Equal(payload, received.ToArray());
        Assert.All(lengths, l => Assert.InRange(l, 1, MplexLimits.MaxDataFramePayload));
        Assert.Equal(64 * 1024, MplexLimits.MaxDataFramePayload);
        Assert.Equal(4, lengths.Count);
    }

    [Fact]
    [Trait("Clause", "MPX-3.1")]
    public async Task A_sender_is_not_held_back_by_any_window_while_the_receiver_reads_nothing()
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        var muxer = new MplexMuxer(MplexTestPeer.UntimedOptions());
        await using var dialer = muxer.Start(left, isInitiator: true);
        await using var listener = muxer.Start(right, isInitiator: false);

        // Three MiB: far beyond any initial flow-control window, within what a stream may buffer.
        var payload = RandomBytes(3 * 1024 * 1024, 16);
        var outbound = await dialer.OpenStreamAsync();
        await outbound.Output.WriteAsync(payload).AsTask().WaitAsync(TestTimeout);
        await outbound.Output.CompleteAsync().AsTask().WaitAsync(TestTimeout);

        // The receiving application has not read a byte, and never sent anything back.
        var inbound = (MplexStream)await listener.AcceptStreamAsync().AsTask().WaitAsync(TestTimeout);
        await WaitUntilAsync(() => inbound.BufferedBytes == payload.Length, "every byte has arrived unread");
        Assert.Equal(payload, await ReadToEndAsync(inbound.Input).WaitAsync(TestTimeout));
    }
}
