using System.Collections.Concurrent;
using Kane.Actor;
using Kane.Runtime.Tests.Actor;
using Kane.Shutdown;

namespace Kane.Runtime.Tests.Shutdown;

public sealed class CoordinatedShutdownSpec
{
    private static ActorSystem NewSystem(CoordinatedShutdownSettings? settings = null) =>
        ActorSystem.Create("cs", ActorSystemSettings.Default with
        {
            CoordinatedShutdown = (settings ?? CoordinatedShutdownSettings.Default) with { RunByClrShutdownHook = false },
        });

    [Fact]
    public void Default_phases_run_in_Akka_order()
    {
        using var system = NewSystem();
        var phases = CoordinatedShutdown.Get(system).OrderedPhases;
        Assert.Equal(CoordinatedShutdown.PhaseBeforeServiceUnbind, phases[0]);
        Assert.Equal(CoordinatedShutdown.PhaseActorSystemTerminate, phases[^1]);
        Assert.True(phases.ToList().IndexOf(CoordinatedShutdown.PhaseClusterShardingShutdownRegion) < phases.ToList().IndexOf(CoordinatedShutdown.PhaseClusterLeave));
        Assert.True(phases.ToList().IndexOf(CoordinatedShutdown.PhaseClusterLeave) < phases.ToList().IndexOf(CoordinatedShutdown.PhaseClusterExiting));
    }

    [Fact]
    public async Task Tasks_run_phase_by_phase_and_the_system_terminates_last()
    {
        var system = NewSystem();
        var cs = CoordinatedShutdown.Get(system);
        var log = new ConcurrentQueue<string>();
        cs.AddTask(CoordinatedShutdown.PhaseClusterLeave, "leave", async _ => { await Task.Yield(); log.Enqueue("leave"); });
        cs.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "unbind-a", _ => { log.Enqueue("unbind"); return Task.CompletedTask; });
        cs.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "unbind-b", _ => { log.Enqueue("unbind"); return Task.CompletedTask; });
        cs.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "last-words", _ =>
        {
            log.Enqueue(system.WhenTerminated.IsCompleted ? "too-late" : "before-terminate");
            return Task.CompletedTask;
        });
        await cs.Run(new ShutdownReason("test")).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["unbind", "unbind", "leave", "before-terminate"], log);
        Assert.True(system.WhenTerminated.IsCompleted);
        Assert.Equal("test", cs.Reason!.Description);
    }

    [Fact]
    public async Task Run_is_idempotent_and_keeps_the_first_reason()
    {
        var system = NewSystem();
        var cs = CoordinatedShutdown.Get(system);
        var runs = 0;
        cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "count", _ => { Interlocked.Increment(ref runs); return Task.CompletedTask; });
        var first = cs.Run(new ShutdownReason("first"));
        var second = cs.Run(new ShutdownReason("second"));
        Assert.Same(first, second);
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, runs);
        Assert.Equal("first", cs.Reason!.Description);
    }

    [Fact]
    public async Task Terminate_runs_the_phases_with_the_terminate_reason()
    {
        var system = NewSystem();
        var ran = new TaskCompletionSource();
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "t", _ => { ran.TrySetResult(); return Task.CompletedTask; });
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(ran.Task.IsCompleted);
        Assert.Equal(ShutdownReason.ActorSystemTerminate, CoordinatedShutdown.Get(system).Reason);
    }

    [Fact]
    public async Task A_phase_that_times_out_is_logged_and_the_next_phases_still_run()
    {
        var settings = CoordinatedShutdownSettings.Default;
        var phases = settings.Phases.ToDictionary(p => p.Key, p => p.Value);
        phases[CoordinatedShutdown.PhaseServiceStop] = phases[CoordinatedShutdown.PhaseServiceStop] with { Timeout = TimeSpan.FromMilliseconds(200) };
        var system = NewSystem(settings with { Phases = phases });
        var cs = CoordinatedShutdown.Get(system);
        var cancelled = new TaskCompletionSource();
        cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "hangs", async token =>
        {
            try { await Task.Delay(Timeout.Infinite, token); }
            catch (OperationCanceledException) { cancelled.TrySetResult(); throw; }
        });
        var later = false;
        cs.AddTask(CoordinatedShutdown.PhaseClusterShutdown, "later", _ => { later = true; return Task.CompletedTask; });
        await cs.Run(ShutdownReason.Unknown).WaitAsync(TimeSpan.FromSeconds(10));
        // The phase does not wait for the abandoned task; its token was cancelled, so it ends on its own shortly.
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(later);
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task A_failing_phase_without_recover_aborts_the_run()
    {
        var phases = CoordinatedShutdownSettings.Default.Phases.ToDictionary(p => p.Key, p => p.Value);
        phases[CoordinatedShutdown.PhaseServiceStop] = phases[CoordinatedShutdown.PhaseServiceStop] with { Recover = false };
        var system = NewSystem(CoordinatedShutdownSettings.Default with { Phases = phases });
        var cs = CoordinatedShutdown.Get(system);
        cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "fails", _ => throw new InvalidOperationException("cannot stop"));
        var later = false;
        cs.AddTask(CoordinatedShutdown.PhaseClusterShutdown, "later", _ => { later = true; return Task.CompletedTask; });
        var e = await Assert.ThrowsAsync<TimeoutException>(() => cs.Run(ShutdownReason.Unknown));
        Assert.Contains("service-stop", e.Message);
        Assert.Contains("fails", e.Message);
        Assert.False(later);
        await system.TerminateCoreForTests();
    }

    [Fact]
    public async Task A_timed_out_task_that_returns_quietly_once_cancelled_is_still_named_as_not_done()
    {
        var phases = CoordinatedShutdownSettings.Default.Phases.ToDictionary(p => p.Key, p => p.Value);
        phases[CoordinatedShutdown.PhaseServiceStop] = phases[CoordinatedShutdown.PhaseServiceStop] with
        {
            Recover = false,
            Timeout = TimeSpan.FromMilliseconds(200),
        };
        var system = NewSystem(CoordinatedShutdownSettings.Default with { Phases = phases });
        var cs = CoordinatedShutdown.Get(system);
        // Waits for something that never happens and ends quietly (at once, on the canceller's thread) when cancelled.
        cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "waits-forever", ct =>
        {
            var quiet = new TaskCompletionSource();
            ct.Register(() => quiet.TrySetResult());
            return quiet.Task;
        });
        cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "quick", _ => Task.CompletedTask);
        var e = await Assert.ThrowsAsync<TimeoutException>(() => cs.Run(ShutdownReason.Unknown));
        Assert.EndsWith("tasks not done: waits-forever", e.Message);
        await system.TerminateCoreForTests();
    }

    [Fact]
    public async Task A_removed_task_does_not_run()
    {
        var system = NewSystem();
        var cs = CoordinatedShutdown.Get(system);
        var ran = false;
        var registration = cs.AddTask(CoordinatedShutdown.PhaseServiceStop, "removed", _ => { ran = true; return Task.CompletedTask; });
        registration.Dispose();
        await cs.Run(ShutdownReason.Unknown).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(ran);
    }

    [Fact]
    public void An_unknown_phase_is_rejected_listing_the_known_phases()
    {
        using var system = NewSystem();
        var e = Assert.Throws<ArgumentException>(() => CoordinatedShutdown.Get(system).AddTask("no-such-phase", "t", _ => Task.CompletedTask));
        Assert.Contains("cluster-leave", e.Message);
    }

    [Fact]
    public void A_cycle_or_unknown_dependency_in_the_phase_graph_is_rejected_naming_it()
    {
        var cyclic = new Dictionary<string, PhaseSettings>
        {
            ["a"] = new(TimeSpan.FromSeconds(1), ["b"]),
            ["b"] = new(TimeSpan.FromSeconds(1), ["a"]),
        };
        var e = Assert.Throws<ArgumentException>(() => (CoordinatedShutdownSettings.Default with { Phases = cyclic }).Validate());
        Assert.Contains("cycle", e.Message);
        var dangling = new Dictionary<string, PhaseSettings> { ["a"] = new(TimeSpan.FromSeconds(1), ["ghost"]) };
        var e2 = Assert.Throws<ArgumentException>(() => (CoordinatedShutdownSettings.Default with { Phases = dangling }).Validate());
        Assert.Contains("ghost", e2.Message);
    }
}

internal static class SystemTestExtensions
{
    public static Task TerminateCoreForTests(this ActorSystem system) => ((Kane.Actor.Internal.ActorSystemImpl)system).TerminateCore();
}
