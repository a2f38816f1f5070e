using Kane.Actor;

namespace Kane.Runtime.Tests.Actor;

public sealed class TimersSpec() : TestKit.TestKit(virtualTime: true)
{
    [Fact]
    public void A_single_timer_fires_once_after_its_delay()
    {
        var a = Sys.ActorOf(Props.Create(() => new Ticker(TestActor)));
        a.Tell(new Start("once", TimeSpan.FromSeconds(2), false), TestActor);
        ExpectMsg("started");
        Clock!.Advance(TimeSpan.FromSeconds(1));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("tick:once");
        Clock.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        a.Tell("active?", TestActor);
        ExpectMsg(0);
    }

    [Fact]
    public void A_periodic_timer_fires_every_interval_until_cancelled()
    {
        var a = Sys.ActorOf(Props.Create(() => new Ticker(TestActor)));
        a.Tell(new Start("p", TimeSpan.FromSeconds(1), true), TestActor);
        ExpectMsg("started");
        for (var i = 0; i < 3; i++)
        {
            Clock!.Advance(TimeSpan.FromSeconds(1));
            ExpectMsg("tick:p");
        }
        a.Tell(new Cancel("p"), TestActor);
        ExpectMsg("cancelled");
        Clock!.Advance(TimeSpan.FromSeconds(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Starting_a_timer_with_an_active_key_replaces_it()
    {
        var a = Sys.ActorOf(Props.Create(() => new Ticker(TestActor)));
        a.Tell(new Start("k", TimeSpan.FromSeconds(1), false), TestActor);
        ExpectMsg("started");
        a.Tell(new Start("k", TimeSpan.FromSeconds(3), false), TestActor);
        ExpectMsg("started");
        Clock!.Advance(TimeSpan.FromSeconds(2));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("tick:k");
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_restarts()
    {
        var a = Sys.ActorOf(Props.Create(() => new Ticker(TestActor)));
        a.Tell(new Start("r", TimeSpan.FromSeconds(1), true), TestActor);
        ExpectMsg("started");
        a.Tell("crash", TestActor);
        a.Tell("active?", TestActor);
        ExpectMsg(0);
        Clock!.Advance(TimeSpan.FromSeconds(3));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Timers_are_cancelled_when_the_actor_stops()
    {
        var a = Sys.ActorOf(Props.Create(() => new Ticker(TestActor)));
        a.Tell(new Start("s", TimeSpan.FromSeconds(1), true), TestActor);
        ExpectMsg("started");
        Watch(a);
        Sys.Stop(a);
        ExpectTerminated(a);
        Clock!.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, Clock.PendingTimers);
    }

    private sealed record Start(string Key, TimeSpan Delay, bool Periodic);

    private sealed record Cancel(string Key);

    private sealed class Ticker : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public Ticker(IActorRef probe)
        {
            Receive<Start>(s =>
            {
                if (s.Periodic) Timers.StartPeriodicTimer(s.Key, $"tick:{s.Key}", s.Delay);
                else Timers.StartSingleTimer(s.Key, $"tick:{s.Key}", s.Delay);
                probe.Tell("started");
            });
            Receive<Cancel>(c =>
            {
                Timers.Cancel(c.Key);
                probe.Tell("cancelled");
            });
            Receive<string>(s => s == "active?", _ => probe.Tell(Timers.ActiveTimers.Count));
            Receive<string>(s => s == "crash", _ => throw new InvalidOperationException("crash"));
            Receive<string>(s => probe.Tell(s));
        }
    }
}
