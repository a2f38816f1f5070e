using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Dispatch;
using Kane.Pattern;
using Kane.Runtime.Tests.Actor;

namespace Kane.Runtime.Tests.Dispatch;

public sealed class ForkJoinDispatcherSpec
{
    private static ActorSystem NewSystem(string name) => ActorSystem.Create(name, ActorSystemSettings.Default with
    {
        CoordinatedShutdown = Kane.Shutdown.CoordinatedShutdownSettings.Default with { RunByClrShutdownHook = false },
    });

    [Fact]
    public async Task The_default_dispatcher_is_fork_join_and_its_threads_end_with_the_system()
    {
        var system = NewSystem("forkjoin");
        // The child is started from inside an actor's turn, which puts it on the workers.
        var parent = system.ActorOf(Props.Create<ForwardToNewChild>());
        Assert.Equal("hi", await parent.Ask<string>("hi", TimeSpan.FromSeconds(5)));
        var dispatcher = Assert.IsType<ForkJoinDispatcher>(((ActorSystemImpl)system).Dispatcher(Props.DefaultDispatcherId));
        Assert.Equal(Environment.ProcessorCount, dispatcher.Parallelism);
        Assert.Equal(dispatcher.Parallelism, dispatcher.LiveThreads);

        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        while (dispatcher.LiveThreads > 0) await Task.Delay(10).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_pool_thread_blocking_on_an_ask_still_gets_its_reply()
    {
        using var system = NewSystem("blocking");
        var echo = system.ActorOf(Props.Create<EchoActor>());
        // Sync over async on .NET pool threads: the receiver's turn must not wait behind the blocked callers.
        var callers = Enumerable.Range(0, Environment.ProcessorCount * 2)
            .Select(i => Task.Run(() => echo.Ask<int>(i, TimeSpan.FromSeconds(5)).Result))
            .ToArray();
        var replies = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(Enumerable.Range(0, callers.Length), replies);
    }

    private sealed class ForwardToNewChild : ReceiveActor
    {
        public ForwardToNewChild() => ReceiveAny(m => Context.ActorOf(Props.Create<EchoActor>()).Forward(m));
    }

    [Fact]
    public async Task The_thread_pool_kind_is_still_available_for_the_default_dispatcher()
    {
        using var system = ActorSystem.Create("threadpool", ActorSystemSettings.Default with
        {
            CoordinatedShutdown = Kane.Shutdown.CoordinatedShutdownSettings.Default with { RunByClrShutdownHook = false },
            Dispatchers = new Dictionary<string, DispatcherSettings> { [Props.DefaultDispatcherId] = new(DispatcherKind.ThreadPool) },
        });
        var echo = system.ActorOf(Props.Create<EchoActor>());
        Assert.Equal("hi", await echo.Ask<string>("hi", TimeSpan.FromSeconds(5)));
        Assert.IsType<ThreadPoolDispatcher>(((ActorSystemImpl)system).Dispatcher(Props.DefaultDispatcherId));
    }
}
