using Kane.Actor;
using Kane.Pattern;

namespace Kane.Runtime.Tests.Actor;

public sealed class ActorRefSpec : TestKit.TestKit
{
    [Fact]
    public void Tell_delivers_the_message_and_the_explicit_sender()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>(), "echo");
        echo.Tell("hello", TestActor);
        ExpectMsg("hello");
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public void Tell_from_inside_an_actor_uses_that_actor_as_implicit_sender()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var relay = Sys.ActorOf(Props.Create(() => new RelayActor(echo, TestActor)));
        relay.Tell("ping", ActorRefs.NoSender);
        // The echo replied to the relay (the implicit sender), which reported the reply with its sender.
        ExpectMsg(("ping", echo.Path.ToString()));
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var forwarder = Sys.ActorOf(Props.Create(() => new ForwardActor(echo)));
        forwarder.Tell("via", TestActor);
        ExpectMsg("via");
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public void Actor_paths_name_the_system_guardian_and_actor()
    {
        var a = Sys.ActorOf(Props.Create<EchoActor>(), "a");
        Assert.Equal("kane://test/user/a", a.Path.ToString());
        Assert.Equal(["user", "a"], a.Path.Elements);
        Assert.NotEqual(0, a.Path.Uid);
    }

    [Fact]
    public void Default_system_name_is_kane()
    {
        using var system = ActorSystem.Create(settings: ActorSystemSettings.Default with { CoordinatedShutdown = Kane.Shutdown.CoordinatedShutdownSettings.Default with { RunByClrShutdownHook = false } });
        Assert.Equal("kane://kane", system.Address.ToString());
        Assert.Equal("kane://kane/user/x", system.ActorOf(Props.Create<EchoActor>(), "x").Path.ToString());
    }

    [Fact]
    public void Generated_child_names_are_unique_and_reserved()
    {
        var names = Enumerable.Range(0, 100).Select(_ => Sys.ActorOf(Props.Create<EchoActor>()).Path.Name).ToList();
        Assert.Equal(100, names.Distinct().Count());
        Assert.All(names, n => Assert.StartsWith("$", n));
    }

    [Fact]
    public void Duplicate_and_invalid_names_are_rejected_with_a_clear_error()
    {
        Sys.ActorOf(Props.Create<EchoActor>(), "taken");
        var duplicate = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "taken"));
        Assert.Contains("not unique", duplicate.Message);
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "a/b"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "$reserved"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), ""));
    }

    [Fact]
    public void A_name_can_be_reused_after_the_actor_stopped()
    {
        var first = Sys.ActorOf(Props.Create<EchoActor>(), "reuse");
        StopAndWait(first);
        // The stop is seen here when the watchers are told; the parent frees the name when it handles the child's
        // death notice, a moment later on its own thread (as in Akka.NET), so the name is taken until then.
        IActorRef? second = null;
        AwaitAssert(() => second = Sys.ActorOf(Props.Create<EchoActor>(), "reuse"));
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal(first.Path, second.Path);
        second.Tell("alive", TestActor);
        ExpectMsg("alive");
    }

    [Fact]
    public void Creating_an_actor_with_new_fails_with_a_hint()
    {
        var e = Assert.Throws<ActorInitializationException>(() => new EchoActor());
        Assert.Contains("Props.Create", e.Message);
    }

    [Fact]
    public async Task Ask_returns_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.Equal(42, await echo.Ask<int>(42, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Ask_with_a_reply_of_the_wrong_type_fails_naming_both_types()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var e = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("text", TimeSpan.FromSeconds(3)));
        Assert.Contains("Int32", e.Message);
        Assert.Contains("String", e.Message);
    }

    [Fact]
    public async Task Ask_turns_a_status_failure_into_a_faulted_task()
    {
        var failing = Sys.ActorOf(Props.Create(() => new FailureReplier()));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => failing.Ask<int>("x", TimeSpan.FromSeconds(3)));
        Assert.Equal("nope", e.Message);
    }

    [Fact]
    public async Task Ask_honours_cancellation()
    {
        var silent = Sys.ActorOf(Props.Empty);
        using var cts = new CancellationTokenSource();
        var ask = silent.Ask<int>("x", TimeSpan.FromSeconds(30), cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    private sealed class RelayActor : ReceiveActor
    {
        public RelayActor(IActorRef echo, IActorRef report)
        {
            Receive<string>(s =>
            {
                if (Sender.Equals(echo)) report.Tell((s, Sender.Path.ToString()));
                else echo.Tell(s);
            });
        }
    }

    private sealed class ForwardActor : ReceiveActor
    {
        public ForwardActor(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    private sealed class FailureReplier : ReceiveActor
    {
        public FailureReplier() => ReceiveAny(_ => Sender.Tell(new Status.Failure(new ArgumentException("nope"))));
    }
}
