using System.IO.Pipelines;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;

namespace RustyNode.Network.Swarm;

/// <summary>A muxed stream whose protocol has been negotiated, with the connection it runs on.</summary>
public sealed class ProtocolStream : IDuplexPipe, IAsyncDisposable
{
    internal ProtocolStream(Connection connection, IMuxedStream stream, string protocol)
    {
        Connection = connection;
        Stream = stream;
        Protocol = protocol;
    }

    /// <summary>The connection the stream belongs to.</summary>
    public Connection Connection { get; }

    /// <summary>The remote peer.</summary>
    public PeerId Peer => Connection.RemotePeer;

    /// <summary>The negotiated protocol id.</summary>
    public string Protocol { get; }

    /// <summary>The underlying muxed stream (for <see cref="IMuxedStream.Reset"/>).</summary>
    public IMuxedStream Stream { get; }

    /// <inheritdoc />
    public PipeReader Input => Stream.Input;

    /// <inheritdoc />
    public PipeWriter Output => Stream.Output;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
