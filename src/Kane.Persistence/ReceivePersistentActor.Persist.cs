using Kane.Actor;
using Kane.Persistence.Internal;

namespace Kane.Persistence;

public abstract partial class ReceivePersistentActor
{
    private readonly Queue<Invocation> _pending = new();
    private List<IReadOnlyList<PersistentRepr>> _batch = [];
    private long _sequenceNr;
    private int _pendingStashing;

    private sealed record Invocation(object Event, Action<object> Handler, bool Stashing, bool Deferred);

    /// <summary>
    /// Persists <paramref name="event"/>, then runs <paramref name="handler"/> with it (with the command's sender as
    /// <c>Sender</c>). Commands are stashed until the handler ran. Call only from the actor's own handlers.
    /// </summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler) where TEvent : notnull
    {
        var repr = Enqueue(@event, handler, stashing: true);
        _batch.Add([repr]);
    }

    /// <summary>Persists <paramref name="events"/> atomically (all or none), then runs the handler for each in order; commands are stashed meanwhile.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler) where TEvent : notnull => PersistMany(events, handler, stashing: true);

    /// <summary>Like <see cref="Persist{TEvent}"/>, but commands keep flowing while the event is written; handlers still run in order.</summary>
    protected void PersistAsync<TEvent>(TEvent @event, Action<TEvent> handler) where TEvent : notnull =>
        PersistAsync(@event, handler, JournalDurability.Synced);

    /// <summary>
    /// <see cref="PersistAsync{TEvent}(TEvent, Action{TEvent})"/> with the handler run once the write reached
    /// <paramref name="durability"/>: <see cref="JournalDurability.Written"/> skips the wait for stable storage, for an
    /// event the actor can do without if the store's host crashes.
    /// </summary>
    protected void PersistAsync<TEvent>(TEvent @event, Action<TEvent> handler, JournalDurability durability) where TEvent : notnull
    {
        var repr = Enqueue(@event, handler, stashing: false) with { Durability = durability };
        _batch.Add([repr]);
    }

    /// <summary>Atomic <see cref="PersistAsync{TEvent}(TEvent, Action{TEvent})"/> of several events.</summary>
    protected void PersistAllAsync<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler) where TEvent : notnull => PersistMany(events, handler, stashing: false);

    /// <summary>Runs <paramref name="handler"/> after the handlers of every event persisted before it (at once if there are none); nothing is written.</summary>
    protected void DeferAsync<TEvent>(TEvent @event, Action<TEvent> handler) where TEvent : notnull
    {
        EnsureCanPersist();
        if (_pending.Count == 0) handler(@event);
        else _pending.Enqueue(new Invocation(@event, o => handler((TEvent)o), Stashing: false, Deferred: true));
    }

    private void PersistMany<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler, bool stashing) where TEvent : notnull
    {
        var reprs = new List<PersistentRepr>();
        foreach (var e in events) reprs.Add(Enqueue(e, handler, stashing));
        if (reprs.Count > 0) _batch.Add(reprs);
    }

    private PersistentRepr Enqueue<TEvent>(TEvent @event, Action<TEvent> handler, bool stashing) where TEvent : notnull
    {
        EnsureCanPersist();
        if (stashing) _pendingStashing++;
        _pending.Enqueue(new Invocation(@event, o => handler((TEvent)o), stashing, Deferred: false));
        return new PersistentRepr(@event, PersistenceId, ++_sequenceNr, WriterUuid, Sender);
    }

    private void EnsureCanPersist()
    {
        if (IsRecovering) throw new InvalidOperationException($"'{PersistenceId}' cannot persist while it recovers: persist from command handlers (or after RecoveryCompleted).");
    }

    private void FlushBatch()
    {
        if (_batch.Count == 0) return;
        Extension.Journal.Tell(new WriteMessages(_batch, Self, _instanceId), Self);
        _batch = [];
    }

    private bool ProcessingCommands(object message)
    {
        if (HandleJournalResponse(message)) return true;
        bool handled;
        try
        {
            handled = _commandHandlers.Handle(message);
        }
        finally
        {
            FlushBatch();
            if (_pendingStashing > 0) _state = PersistingEvents;
        }
        return handled || message is SaveSnapshotSuccess or SaveSnapshotFailure or DeleteSnapshotsSuccess or DeleteSnapshotsFailure or DeleteMessagesSuccess or DeleteMessagesFailure;
    }

    private bool PersistingEvents(object message) => HandleJournalResponse(message) || StashIt();

    private bool HandleJournalResponse(object message)
    {
        switch (message)
        {
            case WriteMessagesSuccess s:
                if (s.InstanceId == _instanceId)
                {
                    foreach (var repr in s.Reprs) Completed(repr, rejection: null);
                }
                return true;
            case WriteMessageRejected r:
                if (r.InstanceId == _instanceId) Completed(r.Repr, r.Cause);
                return true;
            case WriteMessageFailure f:
                if (f.InstanceId == _instanceId) Failed(f);
                return true;
            case SaveSnapshotSuccess s:
                SnapshotSequenceNr = Math.Max(SnapshotSequenceNr, s.Metadata.SequenceNr);
                return false;
            case RecoveryTick or ReplayedMessages or RecoverySuccess or ReplayMessagesFailure or LoadSnapshotResult or LoadSnapshotFailed or RecoveryPermitGranted:
                return true;
            default:
                return false;
        }
    }

    private void Completed(PersistentRepr repr, Exception? rejection)
    {
        var invocation = _pending.Dequeue();
        LastSequenceNr = repr.SequenceNr;
        if (invocation.Stashing) _pendingStashing--;
        if (rejection is null) invocation.Handler(invocation.Event);
        else OnPersistRejected(rejection, invocation.Event, repr.SequenceNr);
        while (_pending.TryPeek(out var next) && next.Deferred)
        {
            _pending.Dequeue();
            next.Handler(next.Event);
        }
        FlushBatch();
        if (_pendingStashing > 0) _state = PersistingEvents;
        else if (_state == (Func<object, bool>)PersistingEvents)
        {
            _state = ProcessingCommands;
            Stash.UnstashAll();
        }
    }

    private void Failed(WriteMessageFailure failure)
    {
        var invocation = _pending.Count > 0 ? _pending.Dequeue().Event : failure.Repr.Event;
        _state = _ => true;
        try
        {
            OnPersistFailure(failure.Cause, invocation, failure.Repr.SequenceNr);
        }
        finally
        {
            Context.Stop(Self);
        }
    }
}
