using Kane.Actor;
using Kane.Hosting;
using Kane.Pattern;
using Kane.Shutdown;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A host built with AddKane, run as a real process by the hosting tests. It serves a greeter from the actor
// registry to a hosted service, records the coordinated-shutdown phases it runs to the file given as the first
// argument, and with "--terminate-from-inside" terminates its actor system on its own after greeting.
var log = args[0];
var terminateFromInside = args.Contains("--terminate-from-inside");
var builder = Host.CreateApplicationBuilder(args.Skip(1).Where(a => a != "--terminate-from-inside").ToArray());
// Quiet by default so the test reads only the greeting from standard output.
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddKane("sample", kane => kane.WithActors((system, registry) =>
{
    registry.Register<Greeter>(system.ActorOf(Props.Create(() => new Greeter()), "greeter"));
    foreach (var phase in new[] { CoordinatedShutdown.PhaseServiceUnbind, CoordinatedShutdown.PhaseBeforeActorSystemTerminate })
        CoordinatedShutdown.Get(system).AddTask(phase, "record", _ =>
        {
            File.AppendAllText(log, phase + Environment.NewLine);
            return Task.CompletedTask;
        });
}));
builder.Services.AddHostedService(sp => new GreetingService(sp.GetRequiredService<IRequiredActor<Greeter>>(), sp.GetRequiredService<ActorSystem>(), terminateFromInside));
await builder.Build().RunAsync();
File.AppendAllText(log, "exited" + Environment.NewLine);

internal sealed class Greeter : ReceiveActor
{
    public Greeter() => Receive<string>(name => Sender.Tell($"Hello, {name}"));
}

internal sealed class GreetingService(IRequiredActor<Greeter> greeter, ActorSystem system, bool terminate) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var actor = await greeter.GetAsync(stoppingToken);
        Console.WriteLine("greeting: " + await actor.Ask<string>("host", TimeSpan.FromSeconds(10), stoppingToken));
        if (terminate) await system.Terminate();
    }
}
