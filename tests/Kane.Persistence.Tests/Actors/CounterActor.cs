using Kane.Actor;

namespace Kane.Persistence.Tests.Actors;

public sealed record Add(int Amount);
public sealed record AddMany(int Count);
public sealed record AddAsync(int Amount);
public sealed record AddManyAndReply(int Count);
public sealed record Get;
public sealed record Snap;
public sealed record DeleteTo(long SequenceNr);
public sealed record Added(int Amount);
public sealed record Unstorable(int Amount);
public sealed record Total(int Value, long SequenceNr, IReadOnlyList<int> History);
public sealed record CounterSnapshot(int Value, int[] History);

/// <summary>A counter whose every change is an event; replies with its state so tests can check recovery and ordering.</summary>
public sealed class CounterActor : ReceivePersistentActor
{
    private readonly IActorRef _probe;
    private readonly List<int> _history = [];
    private int _total;

    public CounterActor(string id, IActorRef probe)
    {
        PersistenceId = id;
        _probe = probe;
        Recover<Added>(Apply);
        Recover<SnapshotOffer>(o =>
        {
            var s = (CounterSnapshot)o.Snapshot;
            _total = s.Value;
            _history.AddRange(s.History);
            _probe.Tell(o);
        });
        Recover<RecoveryCompleted>(c => _probe.Tell(c));
        Command<Add>(a => Persist(new Added(a.Amount), e => { Apply(e); Sender.Tell(State); }));
        Command<AddMany>(a => PersistAll(Enumerable.Range(1, a.Count).Select(i => new Added(i)), Apply));
        Command<AddManyAndReply>(a => PersistAll(Enumerable.Range(1, a.Count).Select(i => new Added(i)), e => { Apply(e); Sender.Tell(State); }));
        Command<AddAsync>(a => PersistAsync(new Added(a.Amount), e => { Apply(e); Sender.Tell(State); }));
        Command<Unstorable>(u => Persist(u, _ => _probe.Tell("handler ran for a rejected event")));
        Command<Get>(_ => Sender.Tell(State));
        Command<Snap>(_ => SaveSnapshot(new CounterSnapshot(_total, [.. _history])));
        Command<SaveSnapshotSuccess>(s => _probe.Tell(s));
        Command<DeleteTo>(d => DeleteMessages(d.SequenceNr));
        Command<DeleteMessagesSuccess>(s => _probe.Tell(s));
        Command<string>(_ => DeferAsync("deferred", d => Sender.Tell(d)), s => s == "defer");
    }

    public override string PersistenceId { get; }

    private Total State => new(_total, LastSequenceNr, [.. _history]);

    private void Apply(Added e)
    {
        _total += e.Amount;
        _history.Add(e.Amount);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _probe.Tell(new Rejected(cause, sequenceNr));
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _probe.Tell(new PersistFailed(cause, sequenceNr));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception cause, object? @event)
    {
        _probe.Tell(new RecoveryFailed(cause));
        base.OnRecoveryFailure(cause, @event);
    }

    public static Props Props(string id, IActorRef probe) => Kane.Actor.Props.Create(() => new CounterActor(id, probe));
}

public sealed record Rejected(Exception Cause, long SequenceNr);
public sealed record PersistFailed(Exception Cause, long SequenceNr);
public sealed record RecoveryFailed(Exception Cause);
