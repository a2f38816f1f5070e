using Kane.Actors.Internal;

namespace Kane.Actors.Tests;

public sealed class PrefetchWindowSpec
{
    [Fact]
    public void Nothing_is_held_before_a_task_has_finished_or_when_prefetch_is_off()
    {
        Assert.Equal(0, PrefetchWindow.Size(16, double.NaN));
        Assert.Equal(0, PrefetchWindow.Size(0, 0.01));
    }

    [Fact]
    public void Short_tasks_fill_the_window_up_to_the_setting_and_long_ones_are_not_held()
    {
        Assert.Equal(16, PrefetchWindow.Size(16, 0.005));
        Assert.Equal(16, PrefetchWindow.Size(16, 0));
        Assert.Equal(4, PrefetchWindow.Size(16, 0.5));
        Assert.Equal(2, PrefetchWindow.Size(16, 1));
        Assert.Equal(0, PrefetchWindow.Size(16, 5));
        Assert.Equal(0, PrefetchWindow.Size(16, 20));
    }

    [Fact]
    public void The_average_starts_at_the_first_task_and_moves_a_twentieth_per_task()
    {
        var avg = PrefetchWindow.Average(double.NaN, 10);
        Assert.Equal(10, avg);
        Assert.Equal(9.5, PrefetchWindow.Average(avg, 0), 6);
        // A node whose tasks turn long stops holding within a few dozen tasks.
        var a = 0.01;
        var n = 0;
        while (PrefetchWindow.Size(16, a) > 0) { a = PrefetchWindow.Average(a, 20); n++; }
        Assert.InRange(n, 1, 40);
    }
}
