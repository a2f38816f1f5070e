using Microsoft.Extensions.Logging;

namespace Kane.Persistence.Internal;

internal static partial class PersistenceLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Persisting event {SequenceNr} of '{PersistenceId}' failed; the actor stops (its outcome is unknown)")]
    public static partial void LogErrorPersistFailure(this ILogger logger, Exception cause, string persistenceId, long sequenceNr);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {SequenceNr} of '{PersistenceId}' was rejected by the journal; the actor continues")]
    public static partial void LogWarningPersistRejected(this ILogger logger, Exception cause, string persistenceId, long sequenceNr);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recovery of '{PersistenceId}' failed; the actor stops")]
    public static partial void LogErrorRecoveryFailure(this ILogger logger, Exception cause, string persistenceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    public static partial void LogWarningReplayFilter(this ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to {Destination} is unconfirmed after {Attempts} attempts")]
    public static partial void LogWarningUnconfirmed(this ILogger logger, long deliveryId, string destination, int attempts);
}
