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
system.WhenTerminated.ContinueWith(_ => File.AppendAllText(log, "terminated:" + cs.Reason + Environment.NewLine)).Wait(0);
Console.WriteLine("ready");
await system.WhenTerminated;
await Task.Delay(Timeout.Infinite).WaitAsync(TimeSpan.FromSeconds(30));
