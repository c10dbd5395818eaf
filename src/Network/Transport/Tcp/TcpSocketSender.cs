using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace RustyNode.Network.Transport.Tcp;

/// <summary>
/// The send loop's reusable socket operation: sends a whole multi-segment buffer with one gather
/// system call (sendmsg with an iovec per segment) instead of one call per segment, and allocates
/// nothing per send. One instance per connection; it is not thread safe (one send at a time).
/// </summary>
internal sealed class TcpSocketSender : SocketAsyncEventArgs, IValueTaskSource<int>
{
    /// <summary>Most segments handed to one gather call; longer buffers take several calls.</summary>
    private const int MaxSegmentsPerSend = 64;

    private readonly List<ArraySegment<byte>> _segments = new(MaxSegmentsPerSend);
    private ManualResetValueTaskSourceCore<int> _source = new() { RunContinuationsAsynchronously = true };

    public TcpSocketSender()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>Sends all of <paramref name="buffer"/>.</summary>
    /// <exception cref="SocketException">The send failed.</exception>
    public async ValueTask SendAsync(Socket socket, ReadOnlySequence<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var sent = buffer.IsSingleSegment || !TryGatherSegments(buffer)
                ? await SendOneAsync(socket, buffer.First)
                : await StartAsync(socket);
            buffer = buffer.Slice(sent);
        }
    }

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _source.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);

    int IValueTaskSource<int>.GetResult(short token) => _source.GetResult(token);

    protected override void OnCompleted(SocketAsyncEventArgs e) => Complete();

    private ValueTask<int> SendOneAsync(Socket socket, ReadOnlyMemory<byte> memory)
    {
        if (BufferList is not null)
        {
            BufferList = null;
        }

        SetBuffer(MemoryMarshal.AsMemory(memory));
        return StartAsync(socket);
    }

    private bool TryGatherSegments(ReadOnlySequence<byte> buffer)
    {
        _segments.Clear();
        foreach (var memory in buffer)
        {
            if (!MemoryMarshal.TryGetArray(memory, out var segment))
            {
                return false;
            }

            _segments.Add(segment);
            if (_segments.Count == MaxSegmentsPerSend)
            {
                break;
            }
        }

        // A buffer and a buffer list cannot both be set.
        SetBuffer(Memory<byte>.Empty);
        BufferList = _segments;
        return true;
    }

    private ValueTask<int> StartAsync(Socket socket)
    {
        _source.Reset();
        if (!socket.SendAsync(this))
        {
            // Completed synchronously: OnCompleted will not be called.
            Complete();
        }

        return new ValueTask<int>(this, _source.Version);
    }

    private void Complete()
    {
        if (SocketError == SocketError.Success)
        {
            _source.SetResult(BytesTransferred);
        }
        else
        {
            _source.SetException(new SocketException((int)SocketError));
        }
    }
}
