namespace Kane.Persistence;

/// <summary>No replayed event (or snapshot) arrived within <c>kane.persistence.recovery-event-timeout</c>.</summary>
public sealed class RecoveryTimedOutException(string persistenceId, TimeSpan timeout)
    : Exception($"Recovery of '{persistenceId}' received nothing for {timeout.TotalSeconds:0.#}s (kane.persistence.recovery-event-timeout); the actor stops.");
