using Kane.Actors.Internal;

namespace Kane.Actors.Tests;

public sealed class BreakerSpec
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Reset = TimeSpan.FromSeconds(30);
    private readonly CircuitBreaker _closed = new(5, Reset);

    private static CircuitBreaker Fail(CircuitBreaker b, int times, DateTimeOffset at)
    {
        for (var i = 0; i < times; i++) b = b.OnFailure(at);
        return b;
    }

    [Fact]
    public void A_closed_breaker_stays_closed_below_max_failures_and_lets_tasks_through()
    {
        var b = Fail(_closed, 4, T0);
        Assert.Equal(BreakerState.Closed, b.StateAt(T0));
        Assert.True(b.Allows(T0));
        Assert.Equal("closed", b.Label(T0));
    }

    [Fact]
    public void The_max_failures_th_consecutive_failure_opens_it_and_no_task_passes()
    {
        var b = Fail(_closed, 5, T0);
        Assert.Equal(BreakerState.Open, b.StateAt(T0));
        Assert.False(b.Allows(T0 + Reset - TimeSpan.FromMilliseconds(1)));
        Assert.Equal("open", b.Label(T0));
    }

    [Fact]
    public void A_success_resets_the_count_of_consecutive_failures()
    {
        var b = Fail(_closed, 4, T0).OnSuccess();
        b = Fail(b, 4, T0);
        Assert.Equal(BreakerState.Closed, b.StateAt(T0));
    }

    [Fact]
    public void After_the_reset_timeout_it_is_half_open_and_lets_exactly_one_probe_through()
    {
        var b = Fail(_closed, 5, T0);
        var later = T0 + Reset;
        Assert.Equal(BreakerState.HalfOpen, b.StateAt(later));
        Assert.True(b.Allows(later));
        b = b.OnStart(later);
        Assert.True(b.ProbeInFlight);
        Assert.False(b.Allows(later));
        Assert.Equal("half-open", b.Label(later));
    }

    [Fact]
    public void A_successful_probe_closes_it()
    {
        var later = T0 + Reset;
        var b = Fail(_closed, 5, T0).OnStart(later).OnSuccess();
        Assert.Equal(BreakerState.Closed, b.StateAt(later));
        Assert.Equal(0, b.ConsecutiveFailures);
        Assert.True(b.Allows(later));
    }

    [Fact]
    public void A_failed_probe_opens_it_again_for_another_reset_timeout()
    {
        var later = T0 + Reset;
        var b = Fail(_closed, 5, T0).OnStart(later).OnFailure(later);
        Assert.Equal(BreakerState.Open, b.StateAt(later));
        Assert.False(b.Allows(later + Reset - TimeSpan.FromSeconds(1)));
        Assert.Equal(BreakerState.HalfOpen, b.StateAt(later + Reset));
        Assert.True(b.Allows(later + Reset));
    }
}
