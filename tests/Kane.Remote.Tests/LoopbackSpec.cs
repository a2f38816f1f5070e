using Kane.Actor;
using Kane.Event;
using Kane.Pattern;
using Kane.TestKit;

namespace Kane.Remote.Tests;

public sealed class LoopbackSpec : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly RemoteSystems _systems = new();

    public void Dispose() => _systems.Dispose();

    [Fact]
    public void A_remoting_system_has_a_tcp_address_with_the_bound_port()
    {
        var a = _systems.Start("alpha");
        Assert.Equal("kane.tcp", a.Address.Protocol);
        Assert.Equal("127.0.0.1", a.Address.Host);
        Assert.True(a.Address.Port > 0);
        var actor = a.ActorOf(Props.Create(() => new Echo()), "echo");
        Assert.StartsWith($"kane.tcp://alpha@127.0.0.1:{a.Address.Port}/user/echo", actor.Path.ToString());
    }

    [Fact]
    public async Task A_message_told_through_a_resolved_selection_reaches_the_remote_actor_and_its_reply_comes_back()
    {
        var a = _systems.Start("alpha");
        var b = _systems.Start("beta");
        b.ActorOf(Props.Create(() => new Echo()), "echo");
        var echo = await a.ActorSelection($"{b.Address}/user/echo").ResolveOne(Wait);
        Assert.Equal(b.Address, echo.Path.Address);
        var probe = new TestProbe(a);
        echo.Tell(new Greeting("hello", 42), probe.Ref);
        Assert.Equal(new Greeting("hello", 42), probe.ExpectMsg<Greeting>(Wait));
        Assert.Equal(echo, probe.LastSender);
    }

    [Fact]
    public async Task Ask_across_systems_completes_with_the_remote_reply()
    {
        var a = _systems.Start("alpha");
        var b = _systems.Start("beta");
        b.ActorOf(Props.Create(() => new Echo()), "echo");
        var echo = await a.ActorSelection($"{b.Address}/user/echo").ResolveOne(Wait);
        for (var i = 0; i < 3; i++)
            Assert.Equal($"ping {i}", await echo.Ask<string>($"ping {i}", Wait));
    }

    [Fact]
    public async Task Resolving_a_selection_with_no_actor_on_the_other_system_fails_fast()
    {
        var a = _systems.Start("alpha");
        var b = _systems.Start("beta");
        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<ActorNotFoundException>(() => a.ActorSelection($"{b.Address}/user/nobody").ResolveOne(Wait));
        Assert.True(DateTime.UtcNow - started < Wait);
    }

    [Fact]
    public void A_reference_received_from_the_other_system_can_be_replied_to_many_times_in_order()
    {
        var a = _systems.Start("alpha");
        var b = _systems.Start("beta");
        var probeB = new TestProbe(b);
        var forwarder = b.ActorOf(Props.Create(() => new Forwarder(probeB.Ref)), "fwd");
        var remoteForwarder = a.ActorSelection($"{b.Address}/user/fwd");
        var probeA = new TestProbe(a);
        for (var i = 0; i < 1000; i++) remoteForwarder.Tell(i, probeA.Ref);
        for (var i = 0; i < 1000; i++) Assert.Equal(i, probeB.ExpectMsg<int>(Wait));
        probeB.LastSender.Tell("back", null);
        Assert.Equal("back", probeA.ExpectMsg<string>(Wait));
        Assert.NotNull(forwarder);
    }

    [Fact]
    public void A_peer_with_the_wrong_secret_is_refused_and_logged_and_its_message_never_arrives()
    {
        var a = _systems.Start("alpha", RemoteSystems.Settings(secret: "the-wrong-secret"));
        var b = _systems.Start("beta");
        var probeB = new TestProbe(b);
        b.ActorOf(Props.Create(() => new Forwarder(probeB.Ref)), "fwd");
        var eventsA = RemoteSystems.Events(a);
        var eventsB = RemoteSystems.Events(b);
        a.ActorSelection($"{b.Address}/user/fwd").Tell(new Greeting("let me in", 1));
        eventsA.FishForMessage(m => m is LogEvent { Message: var text } && text.Contains("secret differs"), Wait);
        eventsB.FishForMessage(m => m is LogEvent { Message: var text } && text.Contains("Refused association"), Wait);
        eventsA.FishForMessage(m => m is DeadLetter { Reason: { } reason } && reason.Contains("failed"), Wait, "the message is dead-lettered when the association fails");
        probeB.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task An_oversized_message_goes_to_dead_letters_with_its_type_and_size_and_the_connection_survives()
    {
        var a = _systems.Start("alpha", RemoteSystems.Settings() with { MaximumFrameSize = 4096 });
        var b = _systems.Start("beta", RemoteSystems.Settings() with { MaximumFrameSize = 4096 });
        var probeB = new TestProbe(b);
        b.ActorOf(Props.Create(() => new Forwarder(probeB.Ref)), "fwd");
        var target = await a.ActorSelection($"{b.Address}/user/fwd").ResolveOne(Wait);
        target.Tell(new Greeting("before", 1), null);
        probeB.ExpectMsg<Greeting>(Wait);
        var events = RemoteSystems.Events(a);
        target.Tell(new Blob(new string('x', 10_000)), null);
        var line = (LogEvent)events.FishForMessage(m => m is LogEvent { Message: var t } && t.Contains("maximum-frame-size"), Wait);
        Assert.Contains(typeof(Blob).FullName!, line.Message);
        Assert.Contains("10", line.Message);
        events.FishForMessage(m => m is DeadLetter { Message: Blob }, Wait);
        target.Tell(new Greeting("after", 2), null);
        Assert.Equal(new Greeting("after", 2), probeB.ExpectMsg<Greeting>(Wait));
    }

    [Fact]
    public async Task A_message_with_a_tag_the_receiver_does_not_know_is_dropped_with_a_log_line_naming_the_tag()
    {
        var a = _systems.Start("alpha", RemoteSystems.Settings() with { Serialization = TestRegistry.Create(withOneSided: true) });
        var b = _systems.Start("beta");
        var probeB = new TestProbe(b);
        b.ActorOf(Props.Create(() => new Forwarder(probeB.Ref)), "fwd");
        var events = RemoteSystems.Events(b);
        var target = await a.ActorSelection($"{b.Address}/user/fwd").ResolveOne(Wait);
        target.Tell(new OnlyOnOneSide("?"), null);
        events.FishForMessage(m => m is LogEvent { Message: var t } && t.Contains("unknown serialization tag 'test.one-sided'"), Wait);
        target.Tell(new Greeting("still fine", 3), null);
        Assert.Equal(new Greeting("still fine", 3), probeB.ExpectMsg<Greeting>(Wait));
    }

    [Fact]
    public async Task A_message_of_an_unregistered_type_goes_to_dead_letters_with_the_reason()
    {
        var a = _systems.Start("alpha");
        var b = _systems.Start("beta");
        b.ActorOf(Props.Create(() => new Echo()), "echo");
        var events = RemoteSystems.Events(a);
        (await a.ActorSelection($"{b.Address}/user/echo").ResolveOne(Wait)).Tell(new Unregistered(), null);
        events.FishForMessage(m => m is LogEvent { Message: var t } && t.Contains("no serialization tag is registered"), Wait);
    }

    private sealed record Unregistered;
}
