using Kane.Actor;

namespace Kane.Runtime.Tests.Actor;

/// <summary>Replies to every message with the same message.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(m => Sender.Tell(m));
}

/// <summary>Throws on "fail:" messages, reports its lifecycle to a probe, and counts what it handled.</summary>
internal sealed class LifecycleActor : ReceiveActor
{
    private int _count;

    public LifecycleActor(IActorRef probe, string? name = null)
    {
        var id = name ?? "actor";
        Receive<string>(s => s.StartsWith("fail:", StringComparison.Ordinal), Fail);
        Receive<string>(s => s == "count", _ => Sender.Tell(_count));
        Receive<string>(s => s == "stop", _ => Context.Stop(Self));
        Receive<string>(s => { _count++; Sender.Tell($"{id}:{s}"); });
        Probe = probe;
        Id = id;
    }

    private static void Fail(string command) => throw new InvalidOperationException(command[5..]);

    private IActorRef Probe { get; }

    private string Id { get; }

    protected override void PreStart() => Probe.Tell($"{Id}:prestart");

    protected override void PostStop() => Probe.Tell($"{Id}:poststop");

    protected override void PreRestart(Exception reason, object? message)
    {
        Probe.Tell($"{Id}:prerestart:{reason.Message}");
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        Probe.Tell($"{Id}:postrestart");
        base.PostRestart(reason);
    }
}

/// <summary>A parent that supervises children with a given strategy and creates them on request.</summary>
internal sealed class Supervisor : ReceiveActor
{
    private readonly SupervisorStrategy _strategy;

    public sealed record CreateChild(Props Props, string Name);

    public Supervisor(SupervisorStrategy strategy)
    {
        _strategy = strategy;
        Receive<CreateChild>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name)));
    }

    protected override SupervisorStrategy SupervisorStrategy() => _strategy;
}
