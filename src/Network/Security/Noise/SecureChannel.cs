using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Security.Noise;

/// <summary>
/// A connection after the Noise handshake (NOISE-4). The upper layer reads plaintext from
/// <see cref="Input"/> and writes plaintext to <see cref="Output"/>; two pumps seal and open
/// frames between those pipes and the transport. A protocol error (a failed decryption, a bad
/// frame) completes <see cref="Input"/> with a <see cref="NoiseProtocolException"/> and closes
/// the transport in both directions.
/// </summary>
public sealed partial class SecureChannel : IDuplexPipe, IAsyncDisposable
{
    private readonly IDuplexPipe _transport;
    private readonly CipherState _send;
    private readonly CipherState _receive;
    private readonly Pipe _inbound;
    private readonly Pipe _outbound;
    private readonly NoiseOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _inboundPump;
    private readonly Task _outboundPump;
    private readonly Lock _disposeLock = new();
    private Task? _disposeTask;
    private volatile Exception? _failure;

    internal SecureChannel(
        IDuplexPipe transport,
        CipherState send,
        CipherState receive,
        PeerId remotePeer,
        PublicKey remotePublicKey,
        IReadOnlyList<string> remoteMuxers,
        NoiseOptions options,
        ILogger logger)
    {
        _transport = transport;
        _send = send;
        _receive = receive;
        RemotePeer = remotePeer;
        RemotePublicKey = remotePublicKey;
        RemoteMuxers = remoteMuxers;
        _options = options;
        _logger = logger;
        _inbound = new Pipe(options.ChannelPipeOptions);
        _outbound = new Pipe(options.ChannelPipeOptions);
        _inboundPump = Task.Run(InboundLoopAsync);
        _outboundPump = Task.Run(OutboundLoopAsync);
    }

    /// <summary>The authenticated remote peer.</summary>
    public PeerId RemotePeer { get; }

    /// <summary>The remote's identity key, as proven in the handshake.</summary>
    public PublicKey RemotePublicKey { get; }

    /// <summary>Stream muxers the remote offered in its handshake extensions (may be empty).</summary>
    public IReadOnlyList<string> RemoteMuxers { get; }

    /// <summary>Decrypted bytes from the remote.</summary>
    public PipeReader Input => _inbound.Reader;

    /// <summary>Plaintext to encrypt and send; completing it half-closes the transport.</summary>
    public PipeWriter Output => _outbound.Writer;

    /// <summary>
    /// Closes the channel: buffered outbound data is sealed and handed to the transport (waiting
    /// at most <see cref="NoiseOptions.CloseTimeout"/>), both pumps stop, and the transport is
    /// completed. Safe to call more than once; every call awaits the same shutdown.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        lock (_disposeLock)
        {
            _disposeTask ??= DisposeCoreAsync();
            return new ValueTask(_disposeTask);
        }
    }

    private async Task DisposeCoreAsync()
    {
        await _outbound.Writer.CompleteAsync();
        await _inbound.Reader.CompleteAsync();
        WakeInboundPump();
        try
        {
            await _outboundPump.WaitAsync(_options.CloseTimeout, _options.TimeProvider);
        }
        catch (TimeoutException)
        {
            Log.NoiseChannelCloseTimedOut(_logger, RemotePeer);
            await _abort.CancelAsync();
        }

        await Task.WhenAll(_inboundPump, _outboundPump);
        _send.Dispose();
        _receive.Dispose();
        _abort.Dispose();
    }

    /// <summary>Records the first protocol failure and stops both directions.</summary>
    private void Fail(Exception error)
    {
        if (Interlocked.CompareExchange(ref _failure, error, null) is null)
        {
            Log.NoiseChannelFailed(_logger, RemotePeer, error);
        }

        _outbound.Reader.CancelPendingRead();

        // A pump may fail before the constructor has stored the other pump's task (null here).
        if (_outboundPump is not { IsCompleted: true })
        {
            _transport.Output.CancelPendingFlush();
        }

        WakeInboundPump();
    }

    /// <summary>Interrupts a pending transport read, unless the inbound pump already completed the transport input.</summary>
    private void WakeInboundPump()
    {
        if (_inboundPump is not { IsCompleted: true })
        {
            _transport.Input.CancelPendingRead();
        }
    }
}
