using Kane.Actor;
using Kane.Event;
using Kane.Runtime.Tests.Actor;
using Microsoft.Extensions.Logging;

namespace Kane.Runtime.Tests.Event;

public sealed class EventStreamSpec() : TestKit.TestKit(ActorSystemSettings.Default with { LogDeadLetters = 3 })
{
    private abstract record Animal;

    private sealed record Dog : Animal;

    private sealed record Cat : Animal;

    [Fact]
    public void Subscribers_get_events_of_their_type_and_its_subtypes()
    {
        var animals = CreateTestProbe();
        var dogs = CreateTestProbe();
        Sys.EventStream.Subscribe(animals.Ref, typeof(Animal));
        Sys.EventStream.Subscribe(dogs.Ref, typeof(Dog));
        Sys.EventStream.Publish(new Dog());
        Sys.EventStream.Publish(new Cat());
        animals.ExpectMsg<Dog>();
        animals.ExpectMsg<Cat>();
        dogs.ExpectMsg<Dog>();
        dogs.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Unsubscribed_and_stopped_subscribers_get_nothing_more()
    {
        var probe = CreateTestProbe();
        Assert.True(Sys.EventStream.Subscribe(probe.Ref, typeof(Dog)));
        Assert.False(Sys.EventStream.Subscribe(probe.Ref, typeof(Dog)));
        Assert.True(Sys.EventStream.Unsubscribe(probe.Ref, typeof(Dog)));
        Sys.EventStream.Publish(new Dog());
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        var subscriber = Sys.ActorOf(Props.Create<EchoActor>());
        Sys.EventStream.Subscribe(subscriber, typeof(Cat));
        StopAndWait(subscriber);
        Assert.False(Sys.EventStream.Unsubscribe(subscriber), "a stopped subscriber is removed automatically");
    }

    [Fact]
    public void Dead_letter_logging_is_muted_after_the_configured_count()
    {
        var logs = CreateTestProbe();
        Sys.EventStream.Subscribe(logs.Ref, typeof(LogEvent));
        var dead = Sys.ActorOf(Props.Create<EchoActor>());
        StopAndWait(dead);
        for (var i = 0; i < 10; i++) dead.Tell(i, TestActor);
        var lines = new List<string>();
        logs.AwaitCondition(() =>
        {
            while (logs.PendingCount > 0) lines.Add(logs.ExpectMsg<LogEvent>().Message);
            return lines.Any(l => l.Contains("muting", StringComparison.Ordinal));
        });
        logs.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(3, lines.Count(l => l.StartsWith("Dead letter", StringComparison.Ordinal)));
    }

    [Fact]
    public void Actor_log_lines_reach_the_event_stream_and_the_logger_with_the_actor_path_in_scope()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Debug));
        using var system = ActorSystem.Create("logged", ActorSystemSettings.Default with
        {
            LoggerFactory = factory,
            CoordinatedShutdown = Kane.Shutdown.CoordinatedShutdownSettings.Default with { RunByClrShutdownHook = false },
        });
        var a = system.ActorOf(Props.Create(() => new Talker()), "talker");
        var probe = new TestKit.TestProbe(system);
        a.Tell("say", probe.Ref);
        probe.ExpectMsg("said");
        var entry = Assert.Single(provider.Entries, e => e.Message == "hello from an actor");
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("kane://logged/user/talker", entry.ActorPath);
        Assert.Equal(typeof(Talker).FullName, entry.Category);
    }

    private sealed class Talker : ReceiveActor
    {
        public Talker() => Receive<string>(_ =>
        {
            Log.LogWarning("hello from an actor");
            Sender.Tell("said");
        });
    }
}
