using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using RustyNode.Network.Addressing;
using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Bench.Network.Transport;

/// <summary>
/// The alternative we measured our frame codec against: <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>
/// over the same <see cref="TcpConnection"/> pair, with the pipe adapter a transport built on it
/// would need (output pipe → SendAsync per segment, ReceiveAsync → input pipe). The HTTP upgrade
/// is left out: only the framing is compared.
/// </summary>
public static class SystemNetWebSocketThroughput
{
    /// <summary>Transfers <paramref name="bytes"/> one way; returns MB/s and bytes allocated per MB moved (whole process).</summary>
    public static async Task<TransferFigures> MeasureAsync(long bytes, bool clientSends, CancellationToken ct)
    {
        var transport = new TcpTransport();
        await using var listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), ct);
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var dialed = await transport.DialAsync(listener.ListenAddress, ct);
        await using var accepted = await accept;
        using var clientSocket = WebSocket.CreateFromStream(new DuplexStream(dialed), new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        using var serverSocket = WebSocket.CreateFromStream(new DuplexStream(accepted), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        var (sendSocket, receiveSocket) = clientSends ? (clientSocket, serverSocket) : (serverSocket, clientSocket);

        var output = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: 64 * 1024, useSynchronizationContext: false));
        var input = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: 128 * 1024, useSynchronizationContext: false));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sendPump = SendPumpAsync(output.Reader, sendSocket, stop.Token);
        var receivePump = ReceivePumpAsync(receiveSocket, input.Writer, stop.Token);
        try
        {
            return await WebSocketThroughput.TransferAsync(new Duplex(new Pipe().Reader, output.Writer), new Duplex(input.Reader, new Pipe().Writer), bytes, ct);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(sendPump, receivePump).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task SendPumpAsync(PipeReader reader, WebSocket socket, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            foreach (var segment in result.Buffer)
            {
                await socket.SendAsync(segment, WebSocketMessageType.Binary, endOfMessage: true, ct);
            }

            reader.AdvanceTo(result.Buffer.End);
        }
    }

    private static async Task ReceivePumpAsync(WebSocket socket, PipeWriter writer, CancellationToken ct)
    {
        while (true)
        {
            var received = await socket.ReceiveAsync(writer.GetMemory(64 * 1024), ct);
            writer.Advance(received.Count);
            await writer.FlushAsync(ct);
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>A <see cref="Stream"/> over a duplex pipe: reads from its input, writes to its output.</summary>
    private sealed class DuplexStream(IDuplexPipe pipe) : Stream
    {
        private readonly Stream _read = pipe.Input.AsStream();
        private readonly Stream _write = pipe.Output.AsStream();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _read.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _write.WriteAsync(buffer, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => _write.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
