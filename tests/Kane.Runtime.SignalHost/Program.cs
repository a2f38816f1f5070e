using Kane.Actor;
using Kane.Shutdown;

// A process for the SIGTERM test: it starts a system whose coordinated shutdown writes each phase it
// runs to the file named by the first argument, says "ready", and then waits to be signalled.
var log = args[0];
var system = ActorSystem.Create("signal-host");
var cs = CoordinatedShutdown.Get(system);
foreach (var phase in new[] { CoordinatedShutdown.PhaseServiceUnbind, CoordinatedShutdown.PhaseClusterLeave, CoordinatedShutdown.PhaseBeforeActorSystemTerminate })
    cs.AddTask(phase, "record-" + phase, _ =>
    {
        File.AppendAllText(log, phase + Environment.NewLine);
        return Task.CompletedTask;
    });
// A task of the last phase that finishes only once the system has terminated: the signal handler waits for the
// whole run, so this line is written before the process exits.
cs.AddTask(CoordinatedShutdown.PhaseActorSystemTerminate, "record-terminated", async _ =>
{
    await system.WhenTerminated;
    File.AppendAllText(log, "terminated:" + cs.Reason + Environment.NewLine);
});
Console.WriteLine("ready");
await system.WhenTerminated;
await Task.Delay(Timeout.Infinite).WaitAsync(TimeSpan.FromSeconds(30));
