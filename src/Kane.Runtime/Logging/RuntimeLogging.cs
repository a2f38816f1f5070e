using Kane.Actor;
using Kane.Event;
using Microsoft.Extensions.Logging;

namespace Kane.Logging;

/// <summary>The runtime's own log lines, one source-generated method per event, and the factory of actor loggers.</summary>
internal sealed partial class RuntimeLogging(ActorSystemSettings settings, EventStream events)
{
    private readonly ILogger _runtime = new ActorLogger(settings.LoggerFactory.CreateLogger("Kane.Runtime"), events, "kane");

    public ILogger ForActor(Type actorType, ActorPath path) =>
        new ActorLogger(settings.LoggerFactory.CreateLogger(actorType.FullName ?? actorType.Name), events, path.ToString());

    public ILogger ForCategory(string category, string source) =>
        new ActorLogger(settings.LoggerFactory.CreateLogger(category), events, source);

    public void LogUnhandled(IActorRef self, object message)
    {
        if (settings.LogUnhandled) LogDebugUnhandled(_runtime, message.GetType().Name, self.Path.ToString());
    }

    public void LogDeadLetter(DeadLetter letter, bool last, long mutedSince)
    {
        var type = letter.Message.GetType().Name;
        if (letter.Reason is { } reason)
            LogWarningOverflow(_runtime, type, letter.Sender.Path.ToString(), letter.Recipient.Path.ToString(), reason);
        else
            LogInformationDeadLetter(_runtime, type, letter.Sender.Path.ToString(), letter.Recipient.Path.ToString());
        if (mutedSince > 0) LogInformationDeadLettersMuted(_runtime, mutedSince);
        if (last) LogInformationDeadLetterLimit(_runtime, settings.LogDeadLetters, settings.LogDeadLettersSuspendDuration);
    }

    public void LogChildFailure(IActorRef child, Exception cause, Directive directive)
    {
        if (directive == Directive.Resume) LogWarningChildResumed(_runtime, cause, child.Path.ToString(), cause.Message);
        else LogErrorChildFailed(_runtime, cause, child.Path.ToString(), cause.Message, directive);
    }

    public void LogFailureWhileStopping(IActorRef self, Exception cause) => LogErrorFailureWhileStopping(_runtime, cause, self.Path.ToString());

    public void LogHookFailure(IActorRef self, string hook, Exception cause) => LogErrorHookFailed(_runtime, cause, hook, self.Path.ToString());

    public void LogGuardianFailure(Exception cause) => LogCriticalGuardianFailed(_runtime, cause);

    [LoggerMessage(1, LogLevel.Debug, "Unhandled message {MessageType} in {Actor}")]
    private static partial void LogDebugUnhandled(ILogger logger, string messageType, string actor);

    [LoggerMessage(2, LogLevel.Information, "Dead letter: {MessageType} from {Sender} to {Recipient} was not delivered")]
    private static partial void LogInformationDeadLetter(ILogger logger, string messageType, string sender, string recipient);

    [LoggerMessage(3, LogLevel.Warning, "Dead letter: {MessageType} from {Sender} to {Recipient} was dropped: {Reason}")]
    private static partial void LogWarningOverflow(ILogger logger, string messageType, string sender, string recipient, string reason);

    [LoggerMessage(4, LogLevel.Information, "{Count} dead letters were not logged while dead-letter logging was muted")]
    private static partial void LogInformationDeadLettersMuted(ILogger logger, long count);

    [LoggerMessage(5, LogLevel.Information, "Logged {Limit} dead letters; muting dead-letter logging for {Duration} (kane.log-dead-letters, kane.log-dead-letters-suspend-duration)")]
    private static partial void LogInformationDeadLetterLimit(ILogger logger, int limit, TimeSpan duration);

    [LoggerMessage(6, LogLevel.Warning, "{Actor} failed and is resumed: {Reason}")]
    private static partial void LogWarningChildResumed(ILogger logger, Exception cause, string actor, string reason);

    [LoggerMessage(7, LogLevel.Error, "{Actor} failed: {Reason}; supervisor directive: {Directive}")]
    private static partial void LogErrorChildFailed(ILogger logger, Exception cause, string actor, string reason, Directive directive);

    [LoggerMessage(8, LogLevel.Error, "{Actor} failed while stopping; the failure is ignored")]
    private static partial void LogErrorFailureWhileStopping(ILogger logger, Exception cause, string actor);

    [LoggerMessage(9, LogLevel.Error, "{Hook} of {Actor} threw; continuing")]
    private static partial void LogErrorHookFailed(ILogger logger, Exception cause, string hook, string actor);

    [LoggerMessage(10, LogLevel.Critical, "The root guardian failed; the actor system terminates")]
    private static partial void LogCriticalGuardianFailed(ILogger logger, Exception cause);
}
