using Kane.Actor;

namespace Kane.Runtime.Tests.Actor;

public sealed class SupervisionSpec : TestKit.TestKit
{
    private IActorRef Child(SupervisorStrategy strategy, string name = "child")
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy)));
        supervisor.Tell(new Supervisor.CreateChild(Props.Create(() => new LifecycleActor(TestActor, name)), name), TestActor);
        return CreatedAndStarted(name);
    }

    /// <summary>The supervisor's reply (the child's ref) and the child's pre-start notice, in either order: the child
    /// starts on its own thread while the supervisor answers.</summary>
    private IActorRef CreatedAndStarted(string name)
    {
        var messages = ReceiveN(2);
        Assert.Contains($"{name}:prestart", messages);
        return Assert.Single(messages.OfType<IActorRef>());
    }

    /// <summary>Two started children, "one" and "two", under a supervisor with <paramref name="strategy"/>.</summary>
    private (IActorRef One, IActorRef Two) Siblings(SupervisorStrategy strategy)
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(strategy)));
        var children = new List<IActorRef>();
        foreach (var name in new[] { "one", "two" })
        {
            supervisor.Tell(new Supervisor.CreateChild(Props.Create(() => new LifecycleActor(TestActor, name)), name), TestActor);
            children.Add(CreatedAndStarted(name));
        }
        return (children[0], children[1]);
    }

    [Fact]
    public void Resume_keeps_the_actor_state_and_drops_the_failing_message()
    {
        var child = Child(new OneForOneStrategy(_ => Directive.Resume));
        child.Tell("a", TestActor);
        ExpectMsg("child:a");
        child.Tell("fail:boom", TestActor);
        child.Tell("count", TestActor);
        ExpectMsg(1);
    }

    [Fact]
    public void Restart_creates_a_fresh_instance_and_runs_the_restart_hooks()
    {
        var child = Child(new OneForOneStrategy(_ => Directive.Restart));
        child.Tell("a", TestActor);
        ExpectMsg("child:a");
        child.Tell("fail:boom", TestActor);
        ExpectMsg("child:prerestart:boom");
        ExpectMsg("child:poststop");
        ExpectMsg("child:postrestart");
        ExpectMsg("child:prestart");
        child.Tell("count", TestActor);
        ExpectMsg(0);
    }

    [Fact]
    public void Restart_keeps_the_mailbox_so_later_messages_are_still_processed()
    {
        var child = Child(new OneForOneStrategy(_ => Directive.Restart));
        child.Tell("fail:boom", TestActor);
        child.Tell("after", TestActor);
        FishForMessage(m => m is "child:after");
    }

    [Fact]
    public void Stop_directive_stops_the_child()
    {
        var child = Child(new OneForOneStrategy(_ => Directive.Stop));
        Watch(child);
        child.Tell("fail:boom", TestActor);
        ExpectMsg("child:poststop");
        ExpectTerminated(child);
    }

    [Fact]
    public void Escalate_fails_the_supervisor_and_its_own_supervisor_decides()
    {
        var top = Sys.ActorOf(Props.Create(() => new Supervisor(new OneForOneStrategy(_ => Directive.Stop))));
        top.Tell(new Supervisor.CreateChild(Props.Create(() => new Supervisor(new OneForOneStrategy(_ => Directive.Escalate))), "middle"), TestActor);
        var middle = ExpectMsg<IActorRef>();
        middle.Tell(new Supervisor.CreateChild(Props.Create(() => new LifecycleActor(TestActor, "leaf")), "leaf"), TestActor);
        var leaf = CreatedAndStarted("leaf");
        Watch(middle);
        Watch(leaf);
        leaf.Tell("fail:up", TestActor);
        // The middle supervisor escalates; the top stops it, and with it the leaf.
        ExpectMsg("leaf:poststop");
        var terminated = new[] { ExpectMsg<Terminated>().ActorRef, ExpectMsg<Terminated>().ActorRef };
        Assert.Contains(middle, terminated);
        Assert.Contains(leaf, terminated);
    }

    [Fact]
    public void Restarts_beyond_the_limit_within_the_window_stop_the_child()
    {
        var child = Child(new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart));
        Watch(child);
        for (var i = 0; i < 2; i++)
        {
            child.Tell("fail:x", TestActor);
            ExpectMsg("child:prerestart:x");
            ExpectMsg("child:poststop");
            ExpectMsg("child:postrestart");
            ExpectMsg("child:prestart");
        }
        child.Tell("fail:x", TestActor);
        ExpectMsg("child:poststop");
        ExpectTerminated(child);
    }

    [Fact]
    public void Zero_retries_means_the_first_failure_stops_the_child()
    {
        var child = Child(new OneForOneStrategy(0, Timeout.InfiniteTimeSpan, _ => Directive.Restart));
        Watch(child);
        child.Tell("fail:x", TestActor);
        ExpectMsg("child:poststop");
        ExpectTerminated(child);
    }

    [Fact]
    public void AllForOne_restarts_the_siblings_of_a_failed_child()
    {
        var (one, two) = Siblings(new AllForOneStrategy(_ => Directive.Restart));
        two.Tell("x", TestActor);
        ExpectMsg("two:x");
        one.Tell("fail:all", TestActor);
        var events = ReceiveN(8).Cast<string>().ToList();
        Assert.Contains("one:prerestart:all", events);
        Assert.Contains("two:prerestart:all", events);
        Assert.Equal(2, events.Count(e => e.EndsWith(":postrestart", StringComparison.Ordinal)));
        two.Tell("count", TestActor);
        ExpectMsg(0);
    }

    [Fact]
    public void AllForOne_stop_stops_every_child()
    {
        var (one, two) = Siblings(new AllForOneStrategy(_ => Directive.Stop));
        Watch(one);
        Watch(two);
        one.Tell("fail:all", TestActor);
        var terminated = ReceiveN(4).OfType<Terminated>().Select(t => t.ActorRef).ToList();
        Assert.Contains(one, terminated);
        Assert.Contains(two, terminated);
    }

    [Fact]
    public void A_constructor_failure_stops_the_actor_by_default()
    {
        var supervisor = Sys.ActorOf(Props.Create(() => new Supervisor(SupervisorStrategy.DefaultStrategy)));
        supervisor.Tell(new Supervisor.CreateChild(Props.Create<ThrowingConstructor>(), "broken"), TestActor);
        var broken = ExpectMsg<IActorRef>();
        Watch(broken);
        ExpectTerminated(broken);
    }

    [Fact]
    public void The_default_decider_restarts_ordinary_exceptions_and_stops_fatal_ones()
    {
        Assert.Equal(Directive.Restart, SupervisorStrategy.DefaultDecider(new InvalidOperationException()));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorKilledException("k")));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new DeathPactException(TestActor)));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorInitializationException(null, "x", null)));
    }

    [Fact]
    public void A_failure_is_logged_with_the_actor_path_and_the_directive()
    {
        var child = Child(new OneForOneStrategy(_ => Directive.Restart), "logged");
        EventFilter.Error(contains: "logged").ExpectOne(() => child.Tell("fail:visible", TestActor));
    }

    [Fact]
    public void Props_supervisor_strategy_overrides_the_actor_strategy()
    {
        var props = Props.Create(() => new Supervisor(new OneForOneStrategy(_ => Directive.Restart)))
            .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Stop));
        var supervisor = Sys.ActorOf(props);
        supervisor.Tell(new Supervisor.CreateChild(Props.Create(() => new LifecycleActor(TestActor, "c")), "c"), TestActor);
        var child = CreatedAndStarted("c");
        Watch(child);
        child.Tell("fail:x", TestActor);
        ExpectMsg("c:poststop");
        ExpectTerminated(child);
    }

    private sealed class ThrowingConstructor : ActorBase
    {
        public ThrowingConstructor() => throw new InvalidOperationException("cannot start");

        protected override bool Receive(object message) => true;
    }
}
