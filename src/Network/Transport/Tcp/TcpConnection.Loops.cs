using System.Buffers;
using System.Net.Sockets;

namespace RustyNode.Network.Transport.Tcp;

/// <summary>The receive and send loops (TCP-2).</summary>
public sealed partial class TcpConnection
{
    /// <summary>Segments shorter than this are copied together before sending.</summary>
    private const int CoalesceBelow = 16 * 1024;

    /// <summary>Size of the scratch buffer small segments are copied into.</summary>
    private const int CoalesceBufferSize = 64 * 1024;

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        Exception? error = null;
        var writer = _input.Writer;
        try
        {
            while (true)
            {
                if (_options.WaitForDataBeforeAllocatingBuffer)
                {
                    await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                }

                var buffer = writer.GetMemory(_options.ReceiveBufferSize);
                var received = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (received == 0)
                {
                    // The peer sent FIN: no more data will come.
                    break;
                }

                writer.Advance(received);
                var flush = await writer.FlushAsync();
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    // The application stopped reading.
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            error = ToIOException(ex, "receiving");
            if (!_aborted && _disposeStarted == 0)
            {
                Log.TcpReceiveFailed(_logger, RemoteAddress, ex);
            }
        }
        finally
        {
            await writer.CompleteAsync(error);
        }
    }

    private async Task SendLoopAsync()
    {
        await Task.Yield();
        Exception? error = null;
        var reader = _output.Reader;
        byte[]? scratch = null;
        using var gather = new TcpSocketSender();
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                if (result.IsCanceled)
                {
                    // Abort(): drop what is left.
                    error = new IOException("The connection was aborted.");
                    break;
                }

                var buffer = result.Buffer;
                var unsent = buffer;
                while (!unsent.IsEmpty)
                {
                    var first = unsent.First;
                    if (unsent.IsSingleSegment)
                    {
                        unsent = unsent.Slice(await _socket.SendAsync(first, SocketFlags.None));
                        continue;
                    }

                    if (first.Length >= CoalesceBelow)
                    {
                        // A run of large segments goes out as it is, with one gather call per up
                        // to 64 segments: no copy, and far fewer system calls than one per
                        // segment (measured: 4.1-4.7 GB/s raw loopback against 2.3-2.5 GB/s).
                        var run = LargeSegmentRun(unsent);
                        await gather.SendAsync(_socket, run);
                        unsent = unsent.Slice(run.Length);
                        continue;
                    }

                    // A run of small segments (frame headers, small messages): one copy into a
                    // scratch buffer is far cheaper than a system call per segment, and unlike
                    // a gather send (which allocates iovec and handle arrays per call on Unix)
                    // it allocates nothing.
                    scratch ??= ArrayPool<byte>.Shared.Rent(CoalesceBufferSize);
                    var length = (int)Math.Min(unsent.Length, scratch.Length);
                    unsent.Slice(0, length).CopyTo(scratch);
                    for (var offset = 0; offset < length;)
                    {
                        offset += await _socket.SendAsync(scratch.AsMemory(offset, length - offset), SocketFlags.None);
                    }

                    unsent = unsent.Slice(length);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    // The application completed Output: half-close with FIN.
                    _socket.Shutdown(SocketShutdown.Send);
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            error = ToIOException(ex, "sending");
            if (!_aborted && _disposeStarted == 0)
            {
                Log.TcpSendFailed(_logger, RemoteAddress, ex);
            }
        }
#pragma warning disable CA1031 // The upper layer completed Output with its own error (e.g. a failed handshake): whatever its type, the connection is aborted, not crashed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = ex;
            _socket.Close(0);
        }
        finally
        {
            await reader.CompleteAsync(error);
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>The longest prefix of <paramref name="buffer"/> made of segments of at least <see cref="CoalesceBelow"/> bytes.</summary>
    private static ReadOnlySequence<byte> LargeSegmentRun(ReadOnlySequence<byte> buffer)
    {
        long length = 0;
        foreach (var segment in buffer)
        {
            if (segment.Length < CoalesceBelow)
            {
                break;
            }

            length += segment.Length;
        }

        return buffer.Slice(0, length);
    }

    private IOException ToIOException(Exception ex, string operation)
    {
        if (_aborted || ex is ObjectDisposedException
            || ex is SocketException { SocketErrorCode: SocketError.OperationAborted })
        {
            return new IOException($"The connection to {RemoteAddress} was aborted.", ex);
        }

        var reason = ex is SocketException socketError ? socketError.SocketErrorCode.ToString() : ex.Message;
        return new IOException($"The connection to {RemoteAddress} failed while {operation}: {reason}.", ex);
    }
}
