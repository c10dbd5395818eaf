using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Mplex;
using RustyNode.Network.Muxing.Yamux;
using RustyNode.Network.Transport.Memory;

namespace RustyNode.Network.Tests.Muxing;

/// <summary>Both muxers say why a stream was reset, so callers need not read error messages.</summary>
public class StreamResetReasonTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Muxers => new() { "yamux", "mplex" };

    [Theory]
    [MemberData(nameof(Muxers))]
    public async Task A_reset_by_the_remote_reads_as_remote_and_a_local_reset_as_local(string muxer)
    {
        var (dialer, listener) = Pair(muxer);
        await using (dialer)
        await using (listener)
        {
            var ours = await dialer.OpenStreamAsync().AsTask().WaitAsync(Bound);
            await ours.Output.WriteAsync(new byte[] { 1 });
            var theirs = await listener.AcceptStreamAsync().AsTask().WaitAsync(Bound);

            theirs.Reset();

            var remote = await Assert.ThrowsAsync<StreamResetException>(() => ReadToEndAsync(ours).WaitAsync(Bound));
            Assert.Equal(StreamResetReason.Remote, remote.Reason);
            var local = await Assert.ThrowsAsync<StreamResetException>(() => ReadToEndAsync(theirs).WaitAsync(Bound));
            Assert.Equal(StreamResetReason.Local, local.Reason);
        }
    }

    [Theory]
    [MemberData(nameof(Muxers))]
    public async Task Streams_of_a_connection_that_ends_read_as_connection_closed(string muxer)
    {
        var (dialer, listener) = Pair(muxer);
        await using (dialer)
        {
            var ours = await dialer.OpenStreamAsync().AsTask().WaitAsync(Bound);
            await ours.Output.WriteAsync(new byte[] { 1 });
            await listener.AcceptStreamAsync().AsTask().WaitAsync(Bound);

            await listener.DisposeAsync();

            var error = await Assert.ThrowsAsync<StreamResetException>(() => ReadToEndAsync(ours).WaitAsync(Bound));
            Assert.Equal(StreamResetReason.ConnectionClosed, error.Reason);
        }
    }

    private static (IMuxedConnection Dialer, IMuxedConnection Listener) Pair(string muxer)
    {
        var (left, right) = MemoryDuplexPipe.CreatePair();
        IStreamMuxer factory = muxer == "yamux" ? new YamuxMuxer() : new MplexMuxer(Mplex.MplexTestPeer.UntimedOptions());
        return (factory.Start(left, isInitiator: true), factory.Start(right, isInitiator: false));
    }

    private static async Task ReadToEndAsync(IMuxedStream stream)
    {
        while (true)
        {
            var result = await stream.Input.ReadAsync();
            stream.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }
}
