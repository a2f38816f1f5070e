using System.Runtime.CompilerServices;
using Kane.Actor;
using Kane.Event;

namespace Kane.Runtime.Tests.Actor;

public sealed class LifecycleSpec : TestKit.TestKit
{
    [Fact]
    public void PreStart_runs_before_the_first_message_and_PostStop_after_the_last()
    {
        var a = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor, "a")));
        a.Tell("one", TestActor);
        a.Tell(PoisonPill.Instance, TestActor);
        ExpectMsg("a:prestart");
        ExpectMsg("a:one");
        ExpectMsg("a:poststop");
    }

    [Fact]
    public void PoisonPill_is_processed_in_order_after_earlier_messages()
    {
        var a = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor, "a")));
        ExpectMsg("a:prestart");
        for (var i = 0; i < 10; i++) a.Tell(i.ToString(), TestActor);
        a.Tell(PoisonPill.Instance, TestActor);
        a.Tell("after", TestActor);
        for (var i = 0; i < 10; i++) ExpectMsg($"a:{i}");
        ExpectMsg("a:poststop");
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Kill_fails_the_actor_and_the_default_strategy_stops_it()
    {
        var a = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor, "k")));
        ExpectMsg("k:prestart");
        Watch(a);
        a.Tell(Kill.Instance, TestActor);
        ExpectMsg("k:poststop");
        ExpectTerminated(a);
    }

    [Fact]
    public void Children_stop_before_their_parent_runs_PostStop()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ParentReporting(TestActor)), "parent");
        ExpectMsg("parent:prestart");
        ExpectMsg("child:prestart");
        Sys.Stop(parent);
        ExpectMsg("child:poststop");
        ExpectMsg("parent:poststop");
    }

    [Fact]
    public void Messages_to_a_stopped_actor_become_dead_letters()
    {
        var a = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor, "d")));
        ExpectMsg("d:prestart");
        StopAndWait(a);
        ExpectMsg("d:poststop");
        var letters = CreateTestProbe();
        Sys.EventStream.Subscribe(letters.Ref, typeof(DeadLetter));
        a.Tell("lost", TestActor);
        var letter = letters.ExpectMsg<DeadLetter>();
        Assert.Equal("lost", letter.Message);
        Assert.Equal(TestActor, letter.Sender);
        Assert.Equal(a, letter.Recipient);
    }

    [Fact]
    public void Context_Stop_of_self_stops_after_the_current_message()
    {
        var a = Sys.ActorOf(Props.Create(() => new SelfStopper(TestActor)));
        Watch(a);
        a.Tell("stop", TestActor);
        ExpectMsg("handled");
        ExpectTerminated(a);
    }

    [Fact]
    public void Identify_is_answered_with_the_actor_reference()
    {
        var a = Sys.ActorOf(Props.Create<EchoActor>(), "identified");
        a.Tell(new Identify(7), TestActor);
        var identity = ExpectMsg<ActorIdentity>();
        Assert.Equal(7, identity.MessageId);
        Assert.Equal(a, identity.Subject);
    }

    [Fact]
    public void Unhandled_messages_are_published_on_the_event_stream()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(UnhandledMessage));
        var a = Sys.ActorOf(Props.Create(() => new OnlyStrings()));
        a.Tell(42, TestActor);
        var unhandled = probe.ExpectMsg<UnhandledMessage>();
        Assert.Equal(42, unhandled.Message);
        Assert.Equal(a, unhandled.Recipient);
    }

    [Fact]
    public async Task Terminate_stops_user_actors_then_completes_WhenTerminated()
    {
        var system = ActorSystem.Create("short-lived", ActorSystemSettings.Default with
        {
            CoordinatedShutdown = Kane.Shutdown.CoordinatedShutdownSettings.Default with { RunByClrShutdownHook = false },
        });
        system.ActorOf(Props.Create(() => new LifecycleActor(TestActor, "s")));
        ExpectMsg("s:prestart");
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        ExpectMsg("s:poststop");
        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        Assert.Throws<IllegalStateException>(() => system.ActorOf(Props.Create<EchoActor>()));
    }

    private sealed class ParentReporting : ReceiveActor
    {
        private readonly IActorRef _probe;

        public ParentReporting(IActorRef probe)
        {
            _probe = probe;
            ReceiveAny(_ => { });
        }

        protected override void PreStart()
        {
            _probe.Tell("parent:prestart");
            Context.ActorOf(Props.Create(() => new LifecycleActor(_probe, "child")), "child");
        }

        protected override void PostStop() => _probe.Tell("parent:poststop");
    }

    [Fact]
    public void An_idle_actor_does_not_keep_its_last_message_alive()
    {
        var a = Sys.ActorOf(Props.Create(() => new Acknowledging()));
        var message = SendPayload(a, TestActor);
        ExpectMsg("got");
        // The reply leaves from inside the handler: collect until the turn has ended too.
        AwaitAssert(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.False(message.IsAlive, "the actor still holds the message it has processed");
        });
    }

    [Fact]
    public void PreRestart_gets_the_message_that_failed()
    {
        var a = Sys.ActorOf(Props.Create(() => new FailingOnStrings(TestActor)));
        a.Tell(1, TestActor);
        ExpectMsg("handled:1");
        a.Tell("boom", TestActor);
        ExpectMsg("prerestart:boom");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference SendPayload(IActorRef target, IActorRef sender)
    {
        var payload = new byte[4096];
        target.Tell(payload, sender);
        return new WeakReference(payload);
    }

    private sealed class Acknowledging : ReceiveActor
    {
        public Acknowledging() => Receive<byte[]>(_ => Sender.Tell("got"));
    }

    private sealed class FailingOnStrings : ReceiveActor
    {
        private readonly IActorRef _probe;

        public FailingOnStrings(IActorRef probe)
        {
            _probe = probe;
            Receive<string>(s => throw new InvalidOperationException(s));
            Receive<int>(i => probe.Tell($"handled:{i}"));
        }

        protected override void PreRestart(Exception reason, object? message)
        {
            _probe.Tell($"prerestart:{message}");
            base.PreRestart(reason, message);
        }
    }

    private sealed class SelfStopper : ReceiveActor
    {
        public SelfStopper(IActorRef probe)
        {
            Receive<string>(_ =>
            {
                Context.Stop(Self);
                probe.Tell("handled");
            });
        }
    }

    private sealed class OnlyStrings : ReceiveActor
    {
        public OnlyStrings() => Receive<string>(_ => { });
    }
}
