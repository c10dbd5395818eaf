using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RustyNode.Network.Multistream;

/// <summary>
/// multistream-select 1.0 (specs/network/04-multistream.md): agrees on one protocol over a fresh
/// connection or stream. On success the pipe is positioned exactly after the negotiation, and any
/// bytes the peer sent after it are left unread for the chosen protocol.
/// </summary>
public static class MultistreamSelect
{
    /// <summary>Dialer side with default options; see the full overload.</summary>
    public static Task<string> SelectAsync(IDuplexPipe pipe, IReadOnlyList<string> protocols, CancellationToken ct) =>
        SelectAsync(pipe, protocols, null, null, ct);

    /// <summary>
    /// Dialer side: proposes <paramref name="protocols"/> in order of preference and returns the
    /// first one the listener accepts. The header and the first proposal leave in one write.
    /// </summary>
    /// <exception cref="NegotiationFailedException">The listener refused every protocol.</exception>
    /// <exception cref="MultistreamException">The listener broke the protocol.</exception>
    /// <exception cref="EndOfStreamException">The listener closed the stream mid-negotiation.</exception>
    /// <exception cref="TimeoutException">The negotiation took longer than the options allow.</exception>
    public static async Task<string> SelectAsync(
        IDuplexPipe pipe, IReadOnlyList<string> protocols, MultistreamOptions? options, ILogger? logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(protocols);
        if (protocols.Count == 0)
        {
            throw new ArgumentException("At least one protocol must be proposed.", nameof(protocols));
        }

        string[] known = [MultistreamCodec.Header, MultistreamCodec.NotAvailable, .. protocols];
        foreach (var protocol in protocols)
        {
            MultistreamCodec.ValidateProtocolId(protocol);
        }

        options ??= MultistreamOptions.Default;
        options.Validate();
        logger ??= NullLogger.Instance;
        using var timeout = NegotiationTimeout.Start(options, ct);
        try
        {
            return await SelectCoreAsync(new MultistreamChannel(pipe), protocols, known, logger, timeout.Token);
        }
        catch (OperationCanceledException ex) when (timeout.HasExpired(ct))
        {
            throw timeout.ToTimeoutException(ex);
        }
    }

    /// <summary>Listener side with default options, accepting the protocols in <paramref name="supported"/>.</summary>
    public static Task<string> HandleAsync(IDuplexPipe pipe, IReadOnlyCollection<string> supported, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(supported);
        return HandleAsync(pipe, p => supported.Contains(p, StringComparer.Ordinal), null, null, ct);
    }

    /// <summary>Listener side with default options; see the full overload.</summary>
    public static Task<string> HandleAsync(IDuplexPipe pipe, Func<string, bool> isSupported, CancellationToken ct) =>
        HandleAsync(pipe, isSupported, null, null, ct);

    /// <summary>
    /// Listener side: answers the dialer's proposals until one satisfies
    /// <paramref name="isSupported"/>, and returns it. "ls" is answered with "na" (we do not list
    /// our protocols). At most <see cref="MultistreamLimits.MaxProposals"/> proposals are answered.
    /// </summary>
    /// <exception cref="MultistreamException">The dialer broke the protocol or proposed too many protocols.</exception>
    /// <exception cref="EndOfStreamException">The dialer closed the stream mid-negotiation.</exception>
    /// <exception cref="TimeoutException">The negotiation took longer than the options allow.</exception>
    public static async Task<string> HandleAsync(
        IDuplexPipe pipe, Func<string, bool> isSupported, MultistreamOptions? options, ILogger? logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(isSupported);
        options ??= MultistreamOptions.Default;
        options.Validate();
        logger ??= NullLogger.Instance;
        using var timeout = NegotiationTimeout.Start(options, ct);
        try
        {
            return await HandleCoreAsync(new MultistreamChannel(pipe), isSupported, logger, timeout.Token);
        }
        catch (OperationCanceledException ex) when (timeout.HasExpired(ct))
        {
            throw timeout.ToTimeoutException(ex);
        }
    }

    private static async Task<string> SelectCoreAsync(
        MultistreamChannel channel, IReadOnlyList<string> protocols, string[] known, ILogger logger, CancellationToken ct)
    {
        channel.Write(MultistreamCodec.Header);
        channel.Write(protocols[0]);
        var header = await channel.ReadAsync(known, ct);
        if (!string.Equals(header, MultistreamCodec.Header, StringComparison.Ordinal))
        {
            throw new MultistreamException($"Expected the multistream header, the listener sent '{Shorten(header)}'.");
        }

        for (var i = 0; i < protocols.Count; i++)
        {
            if (i > 0)
            {
                channel.Write(protocols[i]);
            }

            var answer = await channel.ReadAsync(known, ct);
            if (string.Equals(answer, protocols[i], StringComparison.Ordinal))
            {
                Log.MultistreamSelected(logger, answer);
                return answer;
            }

            if (!string.Equals(answer, MultistreamCodec.NotAvailable, StringComparison.Ordinal))
            {
                throw new MultistreamException($"The listener answered '{Shorten(answer)}' to the proposal '{protocols[i]}'.");
            }

            Log.MultistreamRefused(logger, protocols[i]);
        }

        throw new NegotiationFailedException(protocols);
    }

    private static async Task<string> HandleCoreAsync(
        MultistreamChannel channel, Func<string, bool> isSupported, ILogger logger, CancellationToken ct)
    {
        string[] known = [MultistreamCodec.Header, MultistreamCodec.List];
        var header = await channel.ReadAsync(known, ct);
        if (!string.Equals(header, MultistreamCodec.Header, StringComparison.Ordinal))
        {
            throw new MultistreamException($"Expected the multistream header, the dialer sent '{Shorten(header)}'.");
        }

        channel.Write(MultistreamCodec.Header);
        for (var answered = 0; answered < MultistreamLimits.MaxProposals; answered++)
        {
            var proposal = await channel.ReadAsync(known, ct);
            if (IsAcceptable(proposal) && isSupported(proposal))
            {
                channel.Write(proposal);
                await channel.FlushAsync(ct);
                Log.MultistreamAccepted(logger, proposal);
                return proposal;
            }

            Log.MultistreamDeclined(logger, proposal);
            channel.Write(MultistreamCodec.NotAvailable);
        }

        throw new MultistreamException($"The dialer made more than {MultistreamLimits.MaxProposals} proposals.");
    }

    private static bool IsAcceptable(string proposal) =>
        proposal.Length > 0
        && !string.Equals(proposal, MultistreamCodec.Header, StringComparison.Ordinal)
        && !string.Equals(proposal, MultistreamCodec.List, StringComparison.Ordinal)
        && !string.Equals(proposal, MultistreamCodec.NotAvailable, StringComparison.Ordinal)
        && !proposal.Contains('\n', StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
