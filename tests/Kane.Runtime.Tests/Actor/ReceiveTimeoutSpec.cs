using Kane.Actor;

namespace Kane.Runtime.Tests.Actor;

public sealed class ReceiveTimeoutSpec() : TestKit.TestKit(virtualTime: true)
{
    [Fact]
    public void ReceiveTimeout_arrives_after_the_idle_time()
    {
        Sys.ActorOf(Props.Create(() => new Idle(TestActor, TimeSpan.FromSeconds(5))));
        ExpectMsg("started");
        Clock!.Advance(TimeSpan.FromSeconds(4));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg<ReceiveTimeout>();
    }

    [Fact]
    public void Every_message_restarts_the_idle_time()
    {
        var a = Sys.ActorOf(Props.Create(() => new Idle(TestActor, TimeSpan.FromSeconds(5))));
        ExpectMsg("started");
        Clock!.Advance(TimeSpan.FromSeconds(4));
        a.Tell("poke", TestActor);
        ExpectMsg("poke");
        Clock.Advance(TimeSpan.FromSeconds(4));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg<ReceiveTimeout>();
    }

    [Fact]
    public void Messages_marked_not_to_influence_do_not_restart_the_idle_time()
    {
        var a = Sys.ActorOf(Props.Create(() => new Idle(TestActor, TimeSpan.FromSeconds(5))));
        ExpectMsg("started");
        Clock!.Advance(TimeSpan.FromSeconds(4));
        a.Tell(new Quiet(), TestActor);
        ExpectMsg<Quiet>();
        Clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg<ReceiveTimeout>();
    }

    [Fact]
    public void Setting_no_timeout_turns_it_off()
    {
        var a = Sys.ActorOf(Props.Create(() => new Idle(TestActor, TimeSpan.FromSeconds(5))));
        ExpectMsg("started");
        a.Tell("off", TestActor);
        ExpectMsg("off");
        Clock!.Advance(TimeSpan.FromMinutes(1));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private sealed record Quiet : INotInfluenceReceiveTimeout;

    private sealed class Idle : ReceiveActor
    {
        public Idle(IActorRef probe, TimeSpan timeout)
        {
            Context.SetReceiveTimeout(timeout);
            Receive<string>(s => s == "off", s =>
            {
                Context.SetReceiveTimeout(null);
                probe.Tell(s);
            });
            ReceiveAny(m => probe.Tell(m));
            probe.Tell("started");
        }
    }
}
