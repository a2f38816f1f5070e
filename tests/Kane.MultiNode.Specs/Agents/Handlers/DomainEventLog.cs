using System.Collections.Concurrent;
using Kane.Actor;
using Kane.Actors;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>The <see cref="KaneDomainEvent"/>s published on one node's event stream, in arrival order.</summary>
public sealed class DomainEventLog
{
    private readonly ConcurrentQueue<KaneDomainEvent> _events = new();

    public DomainEventLog(ActorSystem system)
    {
        var recorder = system.ActorOf(Props.Create(() => new Recorder(_events)), "spec-domain-events");
        system.EventStream.Subscribe(recorder, typeof(KaneDomainEvent));
    }

    public IReadOnlyList<T> Of<T>() where T : KaneDomainEvent => [.. _events.OfType<T>()];

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentQueue<KaneDomainEvent> events) => Receive<KaneDomainEvent>(events.Enqueue);
    }
}
