using Kane.Actor;

namespace Kane.Runtime.Tests.Actor;

public sealed class DeathWatchSpec : TestKit.TestKit
{
    [Fact]
    public void A_watcher_receives_Terminated_when_the_watched_actor_stops()
    {
        var subject = Sys.ActorOf(Props.Create<EchoActor>());
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(subject, TestActor, null)));
        ExpectMsg("watching");
        Sys.Stop(subject);
        var t = ExpectMsg<Terminated>();
        Assert.Equal(subject, t.ActorRef);
        Assert.True(t.ExistenceConfirmed);
        GC.KeepAlive(watcher);
    }

    [Fact]
    public void WatchWith_delivers_the_custom_message_instead_of_Terminated()
    {
        var subject = Sys.ActorOf(Props.Create<EchoActor>());
        Sys.ActorOf(Props.Create(() => new Watcher(subject, TestActor, "subject-gone")));
        ExpectMsg("watching");
        Sys.Stop(subject);
        ExpectMsg("subject-gone");
    }

    [Fact]
    public void Unwatch_cancels_the_notification()
    {
        var subject = Sys.ActorOf(Props.Create<EchoActor>());
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(subject, TestActor, null)));
        ExpectMsg("watching");
        watcher.Tell("unwatch", TestActor);
        ExpectMsg("unwatched");
        Sys.Stop(subject);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Watching_an_actor_that_already_stopped_delivers_Terminated_at_once()
    {
        var subject = Sys.ActorOf(Props.Create<EchoActor>());
        StopAndWait(subject);
        Sys.ActorOf(Props.Create(() => new Watcher(subject, TestActor, null)));
        ExpectMsg("watching");
        Assert.Equal(subject, ExpectMsg<Terminated>().ActorRef);
    }

    [Fact]
    public void An_unhandled_Terminated_is_a_death_pact_that_stops_the_watcher()
    {
        var subject = Sys.ActorOf(Props.Create<EchoActor>());
        var pact = Sys.ActorOf(Props.Create(() => new PactWatcher(subject)));
        Watch(pact);
        pact.Tell("ready?", TestActor);
        ExpectMsg("ready?");
        Sys.Stop(subject);
        ExpectTerminated(pact);
    }

    [Fact]
    public void Every_watcher_is_notified()
    {
        var subject = Sys.ActorOf(Props.Create<EchoActor>());
        var probes = Enumerable.Range(0, 5).Select(_ => CreateTestProbe()).ToList();
        foreach (var p in probes) p.Watch(subject);
        // Make sure the watches are registered before stopping (they travel as system messages).
        foreach (var p in probes) p.Send(subject, "sync");
        foreach (var p in probes) p.ExpectMsg("sync");
        Sys.Stop(subject);
        foreach (var p in probes) p.ExpectTerminated(subject);
    }

    [Fact]
    public void Terminated_arrives_after_messages_the_dead_actor_sent_before_stopping()
    {
        var subject = Sys.ActorOf(Props.Create(() => new LastWords(TestActor)));
        Watch(subject);
        subject.Tell("go", TestActor);
        for (var i = 0; i < 100; i++) ExpectMsg(i);
        ExpectTerminated(subject);
    }

    [Fact]
    public void A_parent_that_watches_its_child_receives_Terminated_when_the_child_stops()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ChildWatcher(TestActor, false)));
        ExpectMsg("watching");
        parent.Tell("stop-child", TestActor);
        ExpectMsg("child-terminated");
    }

    [Fact]
    public void A_parent_that_watches_its_child_with_a_message_receives_it_once_and_rejects_another_message()
    {
        var parent = Sys.ActorOf(Props.Create(() => new CustomChildWatcher(TestActor)));
        ExpectMsg("watching");
        parent.Tell("rewatch-same", TestActor);
        ExpectMsg("rewatched");
        parent.Tell("rewatch-other", TestActor);
        ExpectMsg("rejected");
        parent.Tell("stop-child", TestActor);
        ExpectMsg("child-gone");
        // A second watch of the stopped (and removed) child goes the ordinary way and reports it at once.
        parent.Tell("watch-again", TestActor);
        ExpectMsg("child-gone-again");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_parent_that_watches_a_child_which_already_stopped_but_is_not_yet_removed_receives_Terminated()
    {
        Sys.ActorOf(Props.Create(() => new ChildWatcher(TestActor, true)));
        ExpectMsg("watching");
        ExpectMsg("child-terminated");
    }

    [Fact]
    public void A_parent_that_unwatches_its_child_receives_no_Terminated_but_still_forgets_the_child()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ChildWatcher(TestActor, false)));
        ExpectMsg("watching");
        parent.Tell("unwatch", TestActor);
        parent.Tell("stop-child", TestActor);
        // The child's removal is a system message: ask until the parent has processed it. A Terminated would have been
        // queued at that moment, ahead of the ping.
        for (var n = -1; n != 0;)
        {
            parent.Tell("children?", TestActor);
            n = ExpectMsg<int>();
        }
        parent.Tell("ping", TestActor);
        ExpectMsg("ping");
    }

    /// <summary>Watches a child; with <c>stopFirst</c>, only after the child's mailbox closed (its notice still pending).</summary>
    private sealed class ChildWatcher : ReceiveActor
    {
        public ChildWatcher(IActorRef probe, bool stopFirst)
        {
            var child = Context.ActorOf(Props.Create<EchoActor>(), "child");
            if (stopFirst)
            {
                child.Tell(PoisonPill.Instance);
                SpinWait.SpinUntil(() => ((Kane.Actor.Internal.InternalActorRef)child).IsTerminated, TimeSpan.FromSeconds(10));
            }
            Context.Watch(child);
            Receive<string>(s => s == "stop-child", _ => Context.Stop(child));
            Receive<string>(s => s == "unwatch", _ => Context.Unwatch(child));
            Receive<string>(s => s == "children?", _ => Sender.Tell(Context.GetChildren().Count()));
            Receive<Terminated>(t => probe.Tell(t.ActorRef.Equals(child) ? "child-terminated" : "other-terminated"));
            Receive<string>(s => Sender.Tell(s));
            probe.Tell("watching");
        }
    }

    /// <summary>Watches its child with a custom message; tries to watch it again with the same and another message.</summary>
    private sealed class CustomChildWatcher : ReceiveActor
    {
        public CustomChildWatcher(IActorRef probe)
        {
            var child = Context.ActorOf(Props.Create<EchoActor>(), "child");
            Context.WatchWith(child, "child-gone");
            Receive<string>(s => s == "rewatch-same", _ =>
            {
                Context.WatchWith(child, "child-gone");
                probe.Tell("rewatched");
            });
            Receive<string>(s => s == "rewatch-other", _ =>
            {
                try
                {
                    Context.WatchWith(child, "something-else");
                    probe.Tell("accepted");
                }
                catch (InvalidOperationException)
                {
                    probe.Tell("rejected");
                }
            });
            Receive<string>(s => s == "stop-child", _ => Context.Stop(child));
            Receive<string>(s => s == "watch-again", _ => Context.WatchWith(child, "child-gone-again"));
            Receive<string>(s => probe.Tell(s));
            probe.Tell("watching");
        }
    }

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef subject, IActorRef probe, object? custom)
        {
            if (custom is null) Context.Watch(subject);
            else Context.WatchWith(subject, custom);
            Receive<string>(s => s == "unwatch", _ =>
            {
                Context.Unwatch(subject);
                probe.Tell("unwatched");
            });
            ReceiveAny(m => probe.Tell(m));
            probe.Tell("watching");
        }
    }

    private sealed class PactWatcher : ReceiveActor
    {
        public PactWatcher(IActorRef subject)
        {
            Context.Watch(subject);
            Receive<string>(s => Sender.Tell(s));
        }
    }

    private sealed class LastWords : ReceiveActor
    {
        public LastWords(IActorRef probe)
        {
            Receive<string>(_ =>
            {
                for (var i = 0; i < 100; i++) probe.Tell(i);
                Context.Stop(Self);
            });
        }
    }
}
