using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RustyNode.Network.Muxing.Mplex;

/// <summary>
/// The mplex stream multiplexer, "/mplex/6.7.0" (specs/network/07-mplex.md). Stateless: each
/// <see cref="Start(IDuplexPipe, bool, MuxerResources)"/> creates an independent <see cref="MplexSession"/>.
/// </summary>
public sealed class MplexMuxer : IStreamMuxer
{
    /// <summary>The multistream-select protocol id.</summary>
    public const string Id = "/mplex/6.7.0";

    private readonly ILogger _logger;
    private readonly MplexOptions _options;

    /// <param name="options">Session settings; the defaults when null.</param>
    /// <param name="logger">Logs protocol errors and refused or overflowing streams; none when null.</param>
    public MplexMuxer(MplexOptions? options = null, ILogger<MplexMuxer>? logger = null)
    {
        _options = options ?? new MplexOptions();
        _options.Validate();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public string ProtocolId => Id;

    /// <summary>Starts an mplex session over <paramref name="connection"/>, which it owns from now on.</summary>
    /// <param name="connection">The secured connection.</param>
    /// <param name="isInitiator">True on the dialing side (informational: mplex ids are per-opener namespaces).</param>
    public MplexSession Start(IDuplexPipe connection, bool isInitiator) => Start(connection, isInitiator, MuxerResources.None);

    /// <summary>Starts an mplex session that charges the remote's unasked traffic and buffering to <paramref name="resources"/>.</summary>
    /// <param name="connection">The secured connection.</param>
    /// <param name="isInitiator">True on the dialing side.</param>
    /// <param name="resources">The remote's budget and the connection's memory budget.</param>
    public MplexSession Start(IDuplexPipe connection, bool isInitiator, MuxerResources resources)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(resources);
        return new MplexSession(connection, isInitiator, _options, _logger, resources);
    }

    IMuxedConnection IStreamMuxer.Start(IDuplexPipe connection, bool isInitiator) => Start(connection, isInitiator);

    IMuxedConnection IStreamMuxer.Start(IDuplexPipe connection, bool isInitiator, MuxerResources resources) => Start(connection, isInitiator, resources);
}
