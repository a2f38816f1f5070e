using Kane.Actor;

namespace Kane.Runtime.Tests.Scheduling;

public sealed class SchedulerSpec() : TestKit.TestKit(virtualTime: true)
{
    [Fact]
    public void ScheduleTellOnce_delivers_once_after_the_delay()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(3), TestActor, "later", ActorRefs.NoSender);
        Clock!.Advance(TimeSpan.FromSeconds(2));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("later");
        Clock.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void ScheduleTellRepeatedly_delivers_every_interval_until_cancelled()
    {
        var task = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TestActor, "tick", ActorRefs.NoSender);
        Clock!.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("tick");
        Clock.Advance(TimeSpan.FromSeconds(4));
        ExpectMsg("tick");
        ExpectMsg("tick");
        Assert.True(task.Cancel());
        Assert.False(task.Cancel());
        Assert.True(task.IsCancellationRequested);
        Clock.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_cancelled_one_shot_never_fires()
    {
        var task = Sys.Scheduler.ScheduleOnce(TimeSpan.FromSeconds(1), () => TestActor.Tell("ran", ActorRefs.NoSender));
        task.Cancel();
        Clock!.Advance(TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_repeating_schedule_needs_a_positive_interval()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.Zero, TestActor, "x", null));
    }

    [Fact]
    public void The_scheduler_clock_is_the_system_clock()
    {
        var before = Sys.Scheduler.Now;
        Clock!.Advance(TimeSpan.FromHours(1));
        Assert.Equal(before + TimeSpan.FromHours(1), Sys.Scheduler.Now);
        Assert.Equal(TimeSpan.FromHours(1), Sys.Uptime);
    }
}
