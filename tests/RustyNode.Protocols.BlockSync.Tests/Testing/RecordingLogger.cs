using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RustyNode.Protocols.BlockSync.Tests.Testing;

/// <summary>A logger that keeps every line (tests read them, and fail on errors).</summary>
internal sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Entries.Enqueue((logLevel, eventId, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
    }

    /// <summary>The error lines.</summary>
    public IReadOnlyList<string> Errors => [.. Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Message)];
}
