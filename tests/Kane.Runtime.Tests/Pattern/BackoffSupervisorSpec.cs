using Kane.Actor;
using Kane.Pattern;
using Kane.Runtime.Tests.Actor;

namespace Kane.Runtime.Tests.Pattern;

public sealed class BackoffSupervisorSpec() : TestKit.TestKit(virtualTime: true)
{
    private static Props Child(IActorRef probe) => Props.Create(() => new LifecycleActor(probe, "c"));

    /// <summary>Waits until the supervisor has seen its child stop (and so has scheduled the restart) before time moves.</summary>
    private void AwaitChildGone(IActorRef supervisor) => AwaitAssert(() =>
    {
        supervisor.Tell(BackoffSupervisor.GetCurrentChild.Instance, TestActor);
        Assert.Null(ExpectMsg<BackoffSupervisor.CurrentChild>().Ref);
    });

    [Fact]
    public void Delays_grow_exponentially_up_to_the_maximum_with_bounded_randomness()
    {
        var options = BackoffOptions.OnFailure(Props.Empty, "c", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.2);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Delay(0, 0));
        Assert.Equal(TimeSpan.FromSeconds(4), options.Delay(2, 0));
        Assert.Equal(TimeSpan.FromSeconds(10), options.Delay(5, 0));
        Assert.Equal(TimeSpan.FromSeconds(12), options.Delay(5, 1));
        Assert.Equal(TimeSpan.FromSeconds(10), options.Delay(1000, 0));
    }

    [Fact]
    public void Invalid_options_are_rejected_naming_the_value()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BackoffOptions.OnStop(Props.Empty, "c", TimeSpan.Zero, TimeSpan.FromSeconds(1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BackoffOptions.OnStop(Props.Empty, "c", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BackoffOptions.OnStop(Props.Empty, "c", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 2));
    }

    [Fact]
    public void OnFailure_restarts_a_failed_child_only_after_the_back_off()
    {
        var supervisor = Sys.ActorOf(BackoffOptions.OnFailure(Child(TestActor), "c", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), 0).Props());
        ExpectMsg("c:prestart");
        supervisor.Tell("fail:x", TestActor);
        ExpectMsg("c:poststop");
        AwaitChildGone(supervisor);
        Clock!.Advance(TimeSpan.FromSeconds(1));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("c:prestart");
        supervisor.Tell(BackoffSupervisor.GetRestartCount.Instance, TestActor);
        Assert.Equal(1, ExpectMsg<BackoffSupervisor.RestartCount>().Count);
    }

    [Fact]
    public void OnFailure_stops_the_supervisor_when_the_child_stops_by_itself()
    {
        var supervisor = Sys.ActorOf(BackoffOptions.OnFailure(Child(TestActor), "c", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0).Props());
        ExpectMsg("c:prestart");
        Watch(supervisor);
        supervisor.Tell("stop", TestActor);
        ExpectMsg("c:poststop");
        ExpectTerminated(supervisor);
    }

    [Fact]
    public void OnStop_starts_a_stopped_child_again_and_forwards_messages_to_it()
    {
        var supervisor = Sys.ActorOf(BackoffOptions.OnStop(Child(TestActor), "c", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0).Props());
        ExpectMsg("c:prestart");
        supervisor.Tell(BackoffSupervisor.GetCurrentChild.Instance, TestActor);
        var child = ExpectMsg<BackoffSupervisor.CurrentChild>().Ref!;
        supervisor.Tell("hello", TestActor);
        ExpectMsg("c:hello");
        Sys.Stop(child);
        ExpectMsg("c:poststop");
        AwaitChildGone(supervisor);
        Clock!.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("c:prestart");
        supervisor.Tell(BackoffSupervisor.GetCurrentChild.Instance, TestActor);
        Assert.NotEqual(child, ExpectMsg<BackoffSupervisor.CurrentChild>().Ref);
    }

    [Fact]
    public void Messages_while_no_child_runs_get_the_configured_reply()
    {
        var supervisor = Sys.ActorOf(BackoffOptions.OnStop(Child(TestActor), "c", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0)
            .WithReplyWhileStopped("try-later").Props());
        ExpectMsg("c:prestart");
        supervisor.Tell("stop", TestActor);
        ExpectMsg("c:poststop");
        AwaitAssert(() =>
        {
            supervisor.Tell("x", TestActor);
            ExpectMsg("try-later", TimeSpan.FromMilliseconds(200));
        });
    }

    [Fact]
    public void The_supervisor_gives_up_after_the_maximum_number_of_retries()
    {
        var supervisor = Sys.ActorOf(BackoffOptions.OnFailure(Child(TestActor), "c", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 0)
            .WithMaxNrOfRetries(1).Props());
        ExpectMsg("c:prestart");
        Watch(supervisor);
        supervisor.Tell("fail:1", TestActor);
        ExpectMsg("c:poststop");
        AwaitChildGone(supervisor);
        Clock!.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("c:prestart");
        supervisor.Tell("fail:2", TestActor);
        ExpectMsg("c:poststop");
        ExpectTerminated(supervisor);
    }

    [Fact]
    public void Manual_reset_sets_the_restart_count_back_to_zero()
    {
        var supervisor = Sys.ActorOf(BackoffOptions.OnFailure(Child(TestActor), "c", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 0)
            .WithManualReset().Props());
        ExpectMsg("c:prestart");
        supervisor.Tell("fail:1", TestActor);
        ExpectMsg("c:poststop");
        AwaitChildGone(supervisor);
        Clock!.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("c:prestart");
        supervisor.Tell(BackoffSupervisor.Reset.Instance, TestActor);
        supervisor.Tell(BackoffSupervisor.GetRestartCount.Instance, TestActor);
        Assert.Equal(0, ExpectMsg<BackoffSupervisor.RestartCount>().Count);
    }

    [Fact]
    public void Auto_reset_forgets_failures_after_enough_uptime()
    {
        var supervisor = Sys.ActorOf(BackoffOptions.OnFailure(Child(TestActor), "c", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), 0)
            .WithAutoReset(TimeSpan.FromSeconds(10)).Props());
        ExpectMsg("c:prestart");
        supervisor.Tell("fail:1", TestActor);
        ExpectMsg("c:poststop");
        AwaitChildGone(supervisor);
        Clock!.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("c:prestart");
        // The count is 1 now; asking also makes sure the reset timer of the new child is scheduled before time moves.
        supervisor.Tell(BackoffSupervisor.GetRestartCount.Instance, TestActor);
        Assert.Equal(1, ExpectMsg<BackoffSupervisor.RestartCount>().Count);
        Clock.Advance(TimeSpan.FromSeconds(10));
        AwaitAssert(() =>
        {
            supervisor.Tell(BackoffSupervisor.GetRestartCount.Instance, TestActor);
            Assert.Equal(0, ExpectMsg<BackoffSupervisor.RestartCount>().Count);
        });
    }

    [Fact]
    public void A_final_stop_message_stops_the_supervisor_once_the_child_stopped()
    {
        var supervisor = Sys.ActorOf(BackoffOptions.OnStop(Child(TestActor), "c", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 0)
            .WithFinalStopMessage(m => m is "stop").Props());
        ExpectMsg("c:prestart");
        Watch(supervisor);
        supervisor.Tell("stop", TestActor);
        ExpectMsg("c:poststop");
        ExpectTerminated(supervisor);
    }
}
