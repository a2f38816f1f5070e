using Kane.Actor;
using Kane.Dispatch;

namespace Kane.Runtime.Tests.Dispatch;

public sealed class DispatcherSpec() : TestKit.TestKit(ActorSystemSettings.Default with
{
    Dispatchers = new Dictionary<string, DispatcherSettings>
    {
        ["blocking-io"] = new(DispatcherKind.Pinned, 10),
        ["fair"] = new(DispatcherKind.ThreadPool, 1),
    },
})
{
    [Fact]
    public void A_pinned_dispatcher_runs_each_actor_on_its_own_dedicated_thread()
    {
        var a = Sys.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher(BuiltInDispatchers.Pinned));
        var b = Sys.ActorOf(Props.Create(() => new ThreadReporter()).WithDispatcher("blocking-io"));
        a.Tell("t", TestActor);
        var first = ExpectMsg<(int Id, string? Name, bool Pool)>();
        a.Tell("t", TestActor);
        var second = ExpectMsg<(int Id, string? Name, bool Pool)>();
        b.Tell("t", TestActor);
        var other = ExpectMsg<(int Id, string? Name, bool Pool)>();
        Assert.Equal(first.Id, second.Id);
        Assert.False(first.Pool);
        Assert.Contains("pinned", first.Name);
        Assert.NotEqual(first.Id, other.Id);
    }

    [Fact]
    public void The_calling_thread_dispatcher_processes_before_Tell_returns()
    {
        var log = new List<int>();
        var a = Sys.ActorOf(Props.Create(() => new Recorder(log)).WithDispatcher(BuiltInDispatchers.CallingThread));
        a.Tell(1, ActorRefs.NoSender);
        a.Tell(2, ActorRefs.NoSender);
        Assert.Equal([1, 2], log);
    }

    [Fact]
    public void The_default_dispatcher_runs_actors_on_pool_threads()
    {
        var a = Sys.ActorOf(Props.Create(() => new ThreadReporter()));
        a.Tell("t", TestActor);
        Assert.True(ExpectMsg<(int Id, string? Name, bool Pool)>().Pool);
    }

    [Fact]
    public void An_unknown_dispatcher_id_is_rejected_listing_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => Sys.ActorOf(Props.Empty.WithDispatcher("nope")));
        Assert.Contains(Props.DefaultDispatcherId, e.Message);
    }

    [Fact]
    public void Configured_throughput_is_validated_naming_the_key()
    {
        var e = Assert.Throws<ArgumentException>(() => (ActorSystemSettings.Default with { Throughput = 0 }).Validate());
        Assert.Contains("kane.actor.default-dispatcher.throughput", e.Message);
    }

    private sealed class ThreadReporter : ReceiveActor
    {
        public ThreadReporter() => ReceiveAny(_ => Sender.Tell((Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread)));
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(List<int> log) => Receive<int>(log.Add);
    }
}
