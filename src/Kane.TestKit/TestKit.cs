using Kane.Actor;
using Kane.Dispatch;
using Kane.Pattern;

namespace Kane.TestKit;

/// <summary>
/// Base class of actor tests: a fresh actor system per test, shut down after it, and a default probe
/// (<see cref="TestActor"/>) whose expectations are available directly (<c>ExpectMsg</c>, <c>ExpectNoMsg</c>, ...).
/// With <c>virtualTime: true</c> the system runs on <see cref="Clock"/>, and timers fire only on <c>Clock.Advance</c>.
/// </summary>
public abstract class TestKit : IDisposable
{
    private readonly TestProbe _testActor;
    private bool _disposed;

    static TestKit()
    {
        // Expectations block the test's thread, and xunit runs test classes in parallel on pool threads. On a 2-core
        // machine the pool starts with 2 threads, so blocked tests would starve the actors they wait for until the
        // pool slowly injects more. Tests only: production code never blocks pool threads like this.
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = Math.Max(16, 4 * Environment.ProcessorCount);
        if (workers < wanted) ThreadPool.SetMinThreads(wanted, Math.Max(io, wanted));
    }

    protected TestKit(ActorSystemSettings? settings = null, bool virtualTime = false, string? systemName = null)
    {
        settings ??= ActorSystemSettings.Default;
        if (virtualTime)
        {
            Clock = new TestClock();
            settings = settings with { TimeProvider = Clock };
        }
        // Tests must not install process-wide SIGTERM hooks for every system they create.
        settings = settings with { CoordinatedShutdown = settings.CoordinatedShutdown with { RunByClrShutdownHook = false } };
        Sys = ActorSystem.Create(systemName ?? "test", settings);
        _testActor = new TestProbe(Sys, "testActor");
        EventFilter = new EventFilterFactory(Sys);
    }

    /// <summary>The system under test.</summary>
    protected ActorSystem Sys { get; }

    /// <summary>The virtual clock, when the kit was created with <c>virtualTime: true</c>.</summary>
    protected TestClock? Clock { get; }

    /// <summary>The default probe's reference; it is also the implicit sender of <see cref="Send"/>.</summary>
    protected IActorRef TestActor => _testActor.Ref;

    /// <summary>The default probe.</summary>
    protected TestProbe Probe => _testActor;

    protected EventFilterFactory EventFilter { get; }

    protected TestProbe CreateTestProbe(string? name = null) => new(Sys, name);

    /// <summary>Creates an actor that processes messages synchronously on the sending thread.</summary>
    protected TestActorRef<T> ActorOfAsTestActorRef<T>(Props props, string? name = null) where T : ActorBase => new(Sys, props, name);

    protected TestActorRef<T> ActorOfAsTestActorRef<T>(string? name = null) where T : ActorBase, new() => new(Sys, Props.Create<T>(), name);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with <see cref="TestActor"/> as sender.</summary>
    protected void Send(IActorRef target, object message) => target.Tell(message, TestActor);

    protected T ExpectMsg<T>(TimeSpan? timeout = null) => _testActor.ExpectMsg<T>(timeout);

    protected T ExpectMsg<T>(T expected, TimeSpan? timeout = null) where T : notnull => _testActor.ExpectMsg(expected, timeout);

    protected T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => _testActor.ExpectMsg(predicate, timeout, null);

    protected void ExpectNoMsg(TimeSpan duration) => _testActor.ExpectNoMsg(duration);

    protected IReadOnlyList<object> ReceiveN(int n, TimeSpan? timeout = null) => _testActor.ReceiveN(n, timeout);

    protected object FishForMessage(Predicate<object> isTarget, TimeSpan? timeout = null) => _testActor.FishForMessage(isTarget, timeout);

    protected IActorRef Watch(IActorRef actor) => _testActor.Watch(actor);

    protected Terminated ExpectTerminated(IActorRef actor, TimeSpan? timeout = null) => _testActor.ExpectTerminated(actor, timeout);

    protected IActorRef LastSender => _testActor.LastSender;

    protected void AwaitAssert(Action assertion, TimeSpan? duration = null) => _testActor.AwaitAssert(assertion, duration);

    protected void AwaitCondition(Func<bool> condition, TimeSpan? max = null, string? message = null) => _testActor.AwaitCondition(condition, max, message);

    protected void Within(TimeSpan max, Action block) => _testActor.Within(max, block);

    /// <summary>Stops <paramref name="actor"/> and waits until it has stopped.</summary>
    protected void StopAndWait(IActorRef actor, TimeSpan? timeout = null)
    {
        if (!actor.GracefulStop(timeout ?? TimeSpan.FromSeconds(5)).GetAwaiter().GetResult())
            throw new Xunit.Sdk.XunitException($"{actor.Path} did not stop within the timeout.");
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing) return;
        _disposed = true;
        // Under virtual time the shutdown phases' own timers are virtual too: terminate the guardians directly.
        var terminated = Clock is null ? Sys.Terminate() : ((Actor.Internal.ActorSystemImpl)Sys).TerminateCore();
        if (!terminated.Wait(TimeSpan.FromSeconds(10)))
            throw new Xunit.Sdk.XunitException("The test's actor system did not terminate within 10 s; an actor is probably blocking its thread.");
    }

    /// <summary>The calling-thread dispatcher id, for Props of actors that must process synchronously.</summary>
    protected static string CallingThreadDispatcher => BuiltInDispatchers.CallingThread;
}
