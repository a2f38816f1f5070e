using Kane.Persistence.Internal;
using Kane.TestKit;

namespace Kane.Persistence.Tests.Internal;

public sealed class CircuitBreakerTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task It_opens_after_max_failures_fails_fast_and_closes_after_a_successful_trial()
    {
        var breaker = new CircuitBreaker("journal", new CircuitBreakerSettings(2, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)), _clock);
        for (var i = 0; i < 2; i++)
            await Assert.ThrowsAsync<IOException>(() => breaker.CallAsync<int>(_ => throw new IOException("down")));
        var calls = 0;
        await Assert.ThrowsAsync<CircuitBreakerOpenException>(() => breaker.CallAsync(_ => Task.FromResult(++calls)));
        Assert.Equal(0, calls);
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await breaker.CallAsync(_ => Task.FromResult(++calls)));
        Assert.False(breaker.IsOpen);
    }
}
