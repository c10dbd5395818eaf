using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Mplex;
using RustyNode.Network.Muxing.Yamux;

namespace RustyNode.Bench.Network.Muxing;

/// <summary>
/// 256 MiB per operation over a real loopback TCP connection (no encryption), one stream, 256 KiB
/// writes: the muxers against the physical limit of the same socket pair without a muxer (the
/// baseline). MB/s = 256 / (mean seconds).
/// </summary>
[MemoryDiagnoser]
public class MuxerTcpThroughputBenchmarks
{
    private const long TotalBytes = 256L * 1024 * 1024;

    private readonly byte[] _chunk = new byte[256 * 1024];
    private Socket _client = null!;
    private Socket _server = null!;
    private IMuxedConnection? _dialer;
    private IMuxedConnection? _listener;
    private PipeWriter _writer = null!;
    private PipeReader _reader = null!;

    [Params("none", "yamux", "mplex")]
    public string Muxer { get; set; } = "none";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        new Random(1).NextBytes(_chunk);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await _client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        _server = await listener.AcceptSocketAsync();
        listener.Stop();
        var left = SocketDuplexPipe.Create(_client);
        var right = SocketDuplexPipe.Create(_server);
        if (Muxer == "none")
        {
            (_writer, _reader) = (left.Output, right.Input);
            return;
        }

        IStreamMuxer muxer = Muxer == "yamux" ? new YamuxMuxer() : new MplexMuxer();
        _dialer = muxer.Start(left, isInitiator: true);
        _listener = muxer.Start(right, isInitiator: false);
        var sender = await _dialer.OpenStreamAsync();
        await sender.Output.WriteAsync(new byte[1]);
        var receiver = await _listener.AcceptStreamAsync();
        var first = await receiver.Input.ReadAsync();
        receiver.Input.AdvanceTo(first.Buffer.GetPosition(1));
        (_writer, _reader) = (sender.Output, receiver.Input);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_dialer is not null)
        {
            await _dialer.DisposeAsync();
            await _listener!.DisposeAsync();
        }

        _client.Dispose();
        _server.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task Transfer_256_MiB()
    {
        var reading = DrainAsync();
        for (long sent = 0; sent < TotalBytes; sent += _chunk.Length)
        {
            await _writer.WriteAsync(_chunk);
        }

        await reading;
    }

    private async Task DrainAsync()
    {
        var remaining = TotalBytes;
        while (remaining > 0)
        {
            var result = await _reader.ReadAsync();
            var take = Math.Min(remaining, result.Buffer.Length);
            _reader.AdvanceTo(result.Buffer.GetPosition(take));
            remaining -= take;
        }
    }

    private sealed class SocketDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;

        public static SocketDuplexPipe Create(Socket socket)
        {
            var stream = new NetworkStream(socket, ownsSocket: false);
            return new SocketDuplexPipe(
                PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 256 * 1024)),
                PipeWriter.Create(stream));
        }
    }
}
