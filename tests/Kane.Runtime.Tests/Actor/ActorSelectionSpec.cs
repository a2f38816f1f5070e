using Kane.Actor;

namespace Kane.Runtime.Tests.Actor;

public sealed class ActorSelectionSpec : TestKit.TestKit
{
    [Fact]
    public void An_absolute_path_reaches_the_actor()
    {
        Sys.ActorOf(Props.Create<EchoActor>(), "sel");
        Sys.ActorSelection("/user/sel").Tell("hi", TestActor);
        ExpectMsg("hi");
    }

    [Fact]
    public void A_full_address_path_reaches_the_actor()
    {
        Sys.ActorOf(Props.Create<EchoActor>(), "full");
        Sys.ActorSelection("kane://test/user/full").Tell("hi", TestActor);
        ExpectMsg("hi");
    }

    [Fact]
    public void Wildcards_reach_every_matching_child()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Supervisor(SupervisorStrategy.DefaultStrategy)), "workers");
        foreach (var name in new[] { "w1", "w2", "other" })
        {
            parent.Tell(new Supervisor.CreateChild(Props.Create<EchoActor>(), name), TestActor);
            ExpectMsg<IActorRef>();
        }
        Sys.ActorSelection("/user/workers/w*").Tell("hello", TestActor);
        ReceiveN(2);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Sys.ActorSelection("/user/workers/?????").Tell("five", TestActor);
        ExpectMsg("five");
    }

    [Fact]
    public async Task ResolveOne_returns_the_reference_or_fails_clearly()
    {
        var a = Sys.ActorOf(Props.Create<EchoActor>(), "resolvable");
        Assert.Equal(a, await Sys.ActorSelection("/user/resolvable").ResolveOne(TimeSpan.FromSeconds(3)));
        var e = await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection("/user/missing").ResolveOne(TimeSpan.FromSeconds(3)));
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void Identify_through_a_selection_answers_null_for_no_actor()
    {
        Sys.ActorSelection("/user/nobody-here").Tell(new Identify("q"), TestActor);
        var identity = ExpectMsg<ActorIdentity>();
        Assert.Equal("q", identity.MessageId);
        Assert.Null(identity.Subject);
    }

    [Fact]
    public void Relative_paths_and_parent_steps_resolve_from_the_sender()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Supervisor(SupervisorStrategy.DefaultStrategy)), "p");
        parent.Tell(new Supervisor.CreateChild(Props.Create<EchoActor>(), "a"), TestActor);
        var a = ExpectMsg<IActorRef>();
        parent.Tell(new Supervisor.CreateChild(Props.Create(() => new SiblingCaller(TestActor)), "b"), TestActor);
        var b = ExpectMsg<IActorRef>();
        b.Tell("../a", TestActor);
        ExpectMsg("from-sibling");
        Assert.Equal(a, LastSender);
    }

    [Fact]
    public void A_remote_address_is_rejected_clearly_without_remoting()
    {
        var e = Assert.Throws<ArgumentException>(() => Sys.ActorSelection("kane.tcp://test@10.0.0.1:4053/user/a"));
        Assert.Contains("no remoting", e.Message);
    }

    [Fact]
    public void Wildcard_matching_follows_star_and_question_mark_rules()
    {
        Assert.True(ActorSelection.WildcardMatch("w*", "worker"));
        Assert.True(ActorSelection.WildcardMatch("*", ""));
        Assert.True(ActorSelection.WildcardMatch("a?c", "abc"));
        Assert.False(ActorSelection.WildcardMatch("a?c", "ac"));
        Assert.True(ActorSelection.WildcardMatch("*x*y", "axbxy"));
        Assert.False(ActorSelection.WildcardMatch("*x*y", "axbx"));
    }

    private sealed class SiblingCaller : ReceiveActor
    {
        public SiblingCaller(IActorRef probe)
        {
            Receive<string>(path => Context.ActorSelection(path).Tell("from-sibling", probe));
        }
    }
}
