using Kane.Event;
using Microsoft.Extensions.Logging;

namespace Kane.Logging;

/// <summary>
/// A logger that writes to the system's <see cref="ILoggerFactory"/> with the actor path in scope, and also publishes
/// each line on the event stream as <see cref="LogEvent"/> when someone listens (tests, <c>log peek</c>).
/// </summary>
internal sealed class ActorLogger(ILogger inner, EventStream events, string source) : ILogger
{
    private readonly KeyValuePair<string, object?>[] _scope = [new("ActorPath", source)];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) =>
        logLevel != LogLevel.None && (inner.IsEnabled(logLevel) || events.HasSubscribers<LogEvent>());

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel == LogLevel.None) return;
        if (inner.IsEnabled(logLevel))
        {
            using (inner.BeginScope(_scope)) inner.Log(logLevel, eventId, state, exception, formatter);
        }
        if (events.HasSubscribers<LogEvent>()) events.Publish(new LogEvent(logLevel, source, formatter(state, exception), exception));
    }
}
