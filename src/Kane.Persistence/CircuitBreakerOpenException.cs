namespace Kane.Persistence;

/// <summary>A store call failed fast because the store's circuit breaker is open after repeated failures.</summary>
public sealed class CircuitBreakerOpenException(string store, TimeSpan remaining)
    : Exception($"The {store} circuit breaker is open after repeated failures; calls fail fast for another {remaining.TotalSeconds:0.#}s.")
{
    public TimeSpan Remaining { get; } = remaining;
}
