using System.Buffers;
using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Mplex;
using RustyNode.Network.Tests.Testing;
using RustyNode.Network.Transport.Memory;

namespace RustyNode.Network.Tests.Muxing.Mplex;

/// <summary>A scripted remote peer: our mplex session on one end, raw frames on the other.</summary>
public sealed class MplexTestPeer : MuxTestPeer<MplexSession, MplexFrameHeader>
{
    private MplexTestPeer(MplexSession session, MemoryDuplexPipe remote)
        : base(session, remote)
    {
    }

    /// <summary>
    /// Options whose stalled-reader timeout never fires: its clock is a <see cref="FakeClock"/>
    /// nobody advances. On a loaded machine a test's own reader can lag longer than the real 5 s
    /// default, and a reset then would be the machine's doing, not the code's; the tests of that
    /// timeout drive a clock of their own.
    /// </summary>
    public static MplexOptions UntimedOptions() => new() { TimeProvider = new FakeClock() };

    public static MplexTestPeer Start(MplexOptions? options = null, MuxerResources? resources = null)
    {
        var (local, remote) = MemoryDuplexPipe.CreatePair();
        return new MplexTestPeer(new MplexMuxer(options ?? UntimedOptions()).Start(local, isInitiator: true, resources ?? MuxerResources.None), remote);
    }

    public async Task SendAsync(long id, MplexFlag flag, byte[]? payload = null)
    {
        payload ??= [];
        new MplexFrameHeader(id, flag, payload.Length).Write(RemoteOutput);
        RemoteOutput.Write(payload);
        await RemoteOutput.FlushAsync();
    }

    public async Task<(MplexFrameHeader Header, byte[] Payload)> ReceiveUntilAsync(Func<MplexFrameHeader, bool> match)
    {
        while (true)
        {
            var frame = await ReceiveAsync() ?? throw new EndOfStreamException("The session closed the connection.");
            if (match(frame.Header))
            {
                return frame;
            }
        }
    }

    /// <summary>Reads frames until the session closes the connection; returns how many there were.</summary>
    public async Task<int> ReceiveUntilClosedAsync(Func<MplexFrameHeader, bool> count)
    {
        var matched = 0;
        while (await ReceiveAsync() is { } frame)
        {
            matched += count(frame.Header) ? 1 : 0;
        }

        return matched;
    }

    protected override bool TryReadFrame(ReadOnlySequence<byte> buffer, out MplexFrameHeader header, out byte[] payload, out SequencePosition end)
    {
        var rest = buffer;
        if (MplexFrameHeader.TryRead(ref rest, out header) && rest.Length >= header.Length)
        {
            payload = rest.Slice(0, header.Length).ToArray();
            end = rest.GetPosition(header.Length);
            return true;
        }

        payload = [];
        end = default;
        return false;
    }
}
