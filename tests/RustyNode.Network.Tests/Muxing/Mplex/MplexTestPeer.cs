using System.Buffers;
using RustyNode.Network.Muxing.Mplex;
using RustyNode.Network.Transport.Memory;

namespace RustyNode.Network.Tests.Muxing.Mplex;

/// <summary>A scripted remote peer: our mplex session on one end, raw frames on the other.</summary>
internal sealed class MplexTestPeer : IAsyncDisposable
{
    private readonly MemoryDuplexPipe _remote;

    private MplexTestPeer(MplexSession session, MemoryDuplexPipe remote)
    {
        Session = session;
        _remote = remote;
    }

    public MplexSession Session { get; }

    public static MplexTestPeer Start(MplexOptions? options = null)
    {
        var (local, remote) = MemoryDuplexPipe.CreatePair();
        return new MplexTestPeer(new MplexMuxer(options).Start(local, isInitiator: true), remote);
    }

    public async Task SendAsync(long id, MplexFlag flag, byte[]? payload = null)
    {
        payload ??= [];
        new MplexFrameHeader(id, flag, payload.Length).Write(_remote.Output);
        _remote.Output.Write(payload);
        await _remote.Output.FlushAsync();
    }

    public async Task SendRawAsync(byte[] bytes) => await _remote.Output.WriteAsync(bytes);

    public async Task HangUpAsync() => await _remote.Output.CompleteAsync();

    /// <summary>Reads the next frame our session wrote; null once the session closed the connection.</summary>
    public async Task<(MplexFrameHeader Header, byte[] Payload)?> ReceiveAsync()
    {
        var input = _remote.Input;
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(MuxTestUtil.TestTimeout);
            var buffer = result.Buffer;
            var rest = buffer;
            if (MplexFrameHeader.TryRead(ref rest, out var header) && rest.Length >= header.Length)
            {
                var payload = rest.Slice(0, header.Length).ToArray();
                input.AdvanceTo(rest.GetPosition(header.Length));
                return (header, payload);
            }

            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
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

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await _remote.Output.CompleteAsync();
        await _remote.Input.CompleteAsync();
    }
}
