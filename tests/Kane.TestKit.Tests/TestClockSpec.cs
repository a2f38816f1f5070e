namespace Kane.TestKit.Tests;

public sealed class TestClockSpec
{
    [Fact]
    public void Time_stands_still_until_advanced()
    {
        var clock = new TestClock();
        var start = clock.GetUtcNow();
        Thread.Sleep(20);
        Assert.Equal(start, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(start + TimeSpan.FromMinutes(3), clock.GetUtcNow());
    }

    [Fact]
    public void Due_timers_fire_in_due_order_with_the_clock_at_their_due_time()
    {
        var clock = new TestClock();
        var start = clock.GetUtcNow();
        var fired = new List<(string, TimeSpan)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([("early", TimeSpan.FromSeconds(1))], fired);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal([("early", TimeSpan.FromSeconds(1)), ("late", TimeSpan.FromSeconds(3))], fired);
    }

    [Fact]
    public void Periodic_timers_fire_once_per_period_and_stop_when_disposed()
    {
        var clock = new TestClock();
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(3.5));
        Assert.Equal(3, count);
        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, count);
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public void Change_reschedules_relative_to_now()
    {
        var clock = new TestClock();
        var count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromMilliseconds(700));
        Assert.Equal(0, count);
        clock.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, count);
    }
}
