namespace Kane.Persistence.Internal;

/// <summary>
/// Closed: calls run; <c>MaxFailures</c> consecutive failures or timeouts open it. Open: calls fail fast until
/// <c>ResetTimeout</c> passes. Half-open: one trial call runs; its success closes the breaker, its failure reopens it.
/// </summary>
internal sealed class CircuitBreaker(string name, CircuitBreakerSettings settings, TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _failures;
    private DateTimeOffset? _openUntil;
    private bool _trialRunning;

    public bool IsOpen
    {
        get { lock (_lock) return _openUntil is not null; }
    }

    public async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call)
    {
        Enter();
        using var cts = new CancellationTokenSource(settings.CallTimeout, time);
        try
        {
            var result = await call(cts.Token).WaitAsync(settings.CallTimeout, time).ConfigureAwait(false);
            Succeeded();
            return result;
        }
        catch (TimeoutException e)
        {
            Failed();
            throw new TimeoutException($"The {name} call did not complete within {settings.CallTimeout.TotalSeconds:0.#}s; its outcome is unknown.", e);
        }
        catch
        {
            Failed();
            throw;
        }
    }

    public Task CallAsync(Func<CancellationToken, Task> call) => CallAsync<bool>(async ct => { await call(ct).ConfigureAwait(false); return true; });

    private void Enter()
    {
        lock (_lock)
        {
            if (_openUntil is not { } until) return;
            var now = time.GetUtcNow();
            if (now < until || _trialRunning) throw new CircuitBreakerOpenException(name, until > now ? until - now : TimeSpan.Zero);
            _trialRunning = true;
        }
    }

    private void Succeeded()
    {
        lock (_lock)
        {
            _failures = 0;
            _openUntil = null;
            _trialRunning = false;
        }
    }

    private void Failed()
    {
        lock (_lock)
        {
            _failures++;
            if (_trialRunning || _failures >= settings.MaxFailures) _openUntil = time.GetUtcNow() + settings.ResetTimeout;
            _trialRunning = false;
        }
    }
}
