using System.Globalization;
using System.Text.Json.Nodes;
using Kane.Actor;
using Kane.Actors.Internal;
using Kane.Cluster;
using Kane.Cmd;
using Kane.Remote;
using Kane.Remote.Serialization;

namespace Kane.Actors.Cmd;

/// <summary>
/// <c>kane agents events</c>: domain events are published on the event stream of the node where they happen, so the
/// command subscribes to a relay on every member (and on members that come up while it streams) and prints what
/// arrives until the client hangs up.
/// </summary>
internal static class DomainEventStream
{
    public const string RelayName = "kane-domain-events";

    public static async Task<int> RunAsync(CommandContext c)
    {
        var cluster = Cluster.Cluster.Get(c.System);
        var inbox = c.CreateInbox<object>();
        var subscribed = new List<ActorSelection>();
        cluster.Subscribe(inbox.Ref, InitialStateMode.AsEvents, typeof(MemberUp));
        try
        {
            await foreach (var message in inbox.ReadAllAsync(c.Cancelled).ConfigureAwait(false))
            {
                switch (message)
                {
                    case MemberUp up:
                        var relay = c.System.ActorSelection($"{up.Member.Address}/user/{RelayName}");
                        relay.Tell(new SubscribeDomainEvents(), inbox.Ref);
                        subscribed.Add(relay);
                        break;
                    case KaneDomainEvent e:
                        var (kind, text) = Describe(e);
                        if (c.Json)
                        {
                            var json = KaneAgentsPalettes.ToJson(e) as JsonObject ?? [];
                            json.Insert(0, "event", kind);
                            await c.WriteJsonAsync(json).ConfigureAwait(false);
                        }
                        else
                        {
                            await c.WriteLineAsync($"{e.At.ToLocalTime():HH:mm:ss.fff} {kind} {text}").ConfigureAwait(false);
                        }
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (c.Cancelled.IsCancellationRequested) { }
        finally
        {
            cluster.Unsubscribe(inbox.Ref);
            foreach (var relay in subscribed) relay.Tell(new UnsubscribeDomainEvents(), inbox.Ref);
        }
        return 0;
    }

    /// <summary>The event's kind (kebab-case) and a line for people.</summary>
    public static (string Kind, string Text) Describe(KaneDomainEvent e) => e switch
    {
        AgentAdded a => ("agent-added", $"{a.AgentId} on {a.Node} [{string.Join(",", a.Capabilities)}]"),
        AgentRemoved r => ("agent-removed", $"{r.AgentId}: {r.Reason}"),
        AgentPaused p => ("agent-paused", p.AgentId),
        AgentResumed r => ("agent-resumed", r.AgentId),
        TaskStarted s => ("task-started", $"{s.JobId}/{s.TaskId} attempt {s.Attempt} on {s.AgentId}"),
        TaskCompleted d => ("task-completed", $"{d.JobId}/{d.TaskId} attempt {d.Attempt} on {d.AgentId} in {d.DurationMs.ToString("0.#", CultureInfo.InvariantCulture)} ms"),
        TaskFailed f => ("task-failed", $"{f.JobId}/{f.TaskId} attempt {f.Attempt} on {f.AgentId}: {f.Error}"),
        TaskRetried r => ("task-retried", $"{r.JobId}/{r.TaskId} attempt {r.Attempt} on {r.AgentId}: retry {r.Retry} in {r.Delay.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms after {r.Error}"),
        TaskStolen s => ("task-stolen", $"{s.JobId}/{s.TaskId} from {s.FromNode} to {s.ToNode}"),
        HealthCheckFailed h => ("health-check-failed", $"{h.AgentId}: {h.Reason}"),
        AgentRecovered r => ("agent-recovered", r.AgentId),
        NodeDegraded n => ("node-degraded", $"{n.Node}: {n.Reason}"),
        _ => (e.GetType().Name, ""),
    };

    /// <summary>Starts this node's relay once (every node that serves the palettes has one) and registers the wire tags.</summary>
    public static void StartRelay(ActorSystem system)
    {
        var holder = system.GetOrAddExtension(_ => new RelayHolder());
        lock (holder)
        {
            if (holder.Started) return;
            Register(system.SerializationRegistry());
            system.ActorOf(Props.Create(() => new DomainEventRelay()), RelayName);
            holder.Started = true;
        }
    }

    private static void Register(SerializationRegistry r) =>
        r.Add<SubscribeDomainEvents>("cmd.subscribe-domain-events").Add<UnsubscribeDomainEvents>("cmd.unsubscribe-domain-events")
            .Add<AgentAdded>("event.agent-added").Add<AgentRemoved>("event.agent-removed").Add<AgentPaused>("event.agent-paused")
            .Add<AgentResumed>("event.agent-resumed").Add<TaskStarted>("event.task-started").Add<TaskCompleted>("event.task-completed")
            .Add<TaskFailed>("event.task-failed").Add<TaskRetried>("event.task-retried").Add<TaskStolen>("event.task-stolen")
            .Add<HealthCheckFailed>("event.health-check-failed").Add<AgentRecovered>("event.agent-recovered").Add<NodeDegraded>("event.node-degraded");

    private sealed class RelayHolder
    {
        public bool Started;
    }
}

/// <summary>A streaming command → a node's relay: send me this node's domain events (the sender subscribes).</summary>
internal sealed record SubscribeDomainEvents;

internal sealed record UnsubscribeDomainEvents;

/// <summary>Forwards the domain events of its node's event stream to the streaming commands that subscribed, until they stop.</summary>
internal sealed class DomainEventRelay : ReceiveActor
{
    private readonly HashSet<IActorRef> _subscribers = [];

    public DomainEventRelay()
    {
        Receive<SubscribeDomainEvents>(_ =>
        {
            if (!_subscribers.Add(Sender)) return;
            Context.Watch(Sender);
            Listen();
        });
        Receive<UnsubscribeDomainEvents>(_ =>
        {
            if (_subscribers.Remove(Sender)) Context.Unwatch(Sender);
            Listen();
        });
        Receive<Terminated>(t =>
        {
            _subscribers.Remove(t.ActorRef);
            Listen();
        });
        Receive<KaneDomainEvent>(e =>
        {
            foreach (var s in _subscribers) s.Tell(e);
        });
    }

    /// <summary>
    /// On the event stream only while someone streams: agents publish per-task events only when the stream has
    /// subscribers, and a relay that listened always made every task cost two events and two messages to it.
    /// </summary>
    private void Listen()
    {
        if (_subscribers.Count > 0) Context.System.EventStream.Subscribe(Self, typeof(KaneDomainEvent));
        else Context.System.EventStream.Unsubscribe(Self);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
