using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// The yamux stream multiplexer, "/yamux/1.0.0" (specs/network/06-yamux.md). Stateless: each
/// <see cref="Start(IDuplexPipe, bool, MuxerResources)"/> creates an independent <see cref="YamuxSession"/>.
/// </summary>
public sealed class YamuxMuxer : IStreamMuxer
{
    /// <summary>The multistream-select protocol id.</summary>
    public const string Id = "/yamux/1.0.0";

    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <param name="logger">Logs protocol errors and refused streams; none when null.</param>
    /// <param name="timeProvider">Clock for ping round trips; <see cref="TimeProvider.System"/> when null.</param>
    public YamuxMuxer(ILogger<YamuxMuxer>? logger = null, TimeProvider? timeProvider = null)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string ProtocolId => Id;

    /// <summary>Starts a yamux session over <paramref name="connection"/>, which it owns from now on.</summary>
    /// <param name="connection">The secured connection.</param>
    /// <param name="isInitiator">True on the dialing side: our stream ids are odd, the remote's even.</param>
    public YamuxSession Start(IDuplexPipe connection, bool isInitiator) => Start(connection, isInitiator, MuxerResources.None);

    /// <summary>Starts a yamux session that charges the remote's unasked traffic and buffering to <paramref name="resources"/>.</summary>
    /// <param name="connection">The secured connection.</param>
    /// <param name="isInitiator">True on the dialing side.</param>
    /// <param name="resources">The remote's budget and the connection's memory budget.</param>
    public YamuxSession Start(IDuplexPipe connection, bool isInitiator, MuxerResources resources)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(resources);
        return new YamuxSession(connection, isInitiator, _logger, _timeProvider, resources);
    }

    IMuxedConnection IStreamMuxer.Start(IDuplexPipe connection, bool isInitiator) => Start(connection, isInitiator);

    IMuxedConnection IStreamMuxer.Start(IDuplexPipe connection, bool isInitiator, MuxerResources resources) => Start(connection, isInitiator, resources);
}
