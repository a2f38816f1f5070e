using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Sharding.Tests;

/// <summary>A logger factory that keeps every formatted line (level and text) of one node.</summary>
public sealed class CapturedLogs : ILoggerFactory
{
    public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class Logger(CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) logs.Lines.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}

/// <summary>Keeps every dead letter published on a node's event stream.</summary>
public sealed class DeadLetterCollector : Kane.Actor.ReceiveActor
{
    public DeadLetterCollector(ConcurrentQueue<Kane.Event.DeadLetter> into) => Receive<Kane.Event.DeadLetter>(into.Enqueue);
}
