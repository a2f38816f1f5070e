using System.Diagnostics;
using System.Runtime.CompilerServices;
using Kane.Actor;
using Kane.Persistence.Journal;
using Kane.Persistence.Serialization;

namespace Kane.Persistence.Internal;

/// <summary>
/// Front of an <see cref="IJournalStore"/>. One write is in flight at a time; the next write carries every request
/// that arrived meanwhile (up to <c>journal.max-batch-size</c> rows), so batches grow with load. After a completion the
/// queue may be held for a bounded real-time moment until the acknowledged writers are back (<see cref="GroupCommit"/>),
/// so groups merge instead of leapfrogging; the actor scheduler is not used for it (tests run it on virtual time). Replies go to each persistent actor in request order, with the original command's sender as sender: one per
/// stored atomic write, one per event of a rejected or failed one.
/// Replays run concurrently with writes.
/// </summary>
internal sealed class JournalActor : ReceiveActor
{
    private readonly IJournalStore _store;
    private readonly EventSerializerRegistry _serializers;
    private readonly PersistenceSettings _settings;
    private readonly CircuitBreaker _breaker;
    private readonly Queue<WriteMessages> _queued = new();
    private readonly GroupCommit _groupCommit;
    private int _queuedRows;
    private bool _writing;
    private bool _lingerArmed;

    public JournalActor(IJournalStore store, EventSerializerRegistry serializers, PersistenceSettings settings)
    {
        _store = store;
        _serializers = serializers;
        _settings = settings;
        _breaker = new CircuitBreaker("journal", settings.JournalCircuitBreaker, Context.System.Scheduler.TimeProvider);
        _groupCommit = new GroupCommit(settings.JournalGroupCommitLinger, Stopwatch.Frequency);
        Receive<WriteMessages>(w =>
        {
            _queued.Enqueue(w);
            _queuedRows += w.RowCount;
            if (!_writing) TryFlush();
        });
        Receive<WriteCompleted>(Completed);
        Receive<LingerElapsed>(_ =>
        {
            _lingerArmed = false;
            if (!_writing) TryFlush();
        });
        Receive<ReplayMessages>(r => _ = ReplayAsync(r));
        Receive<DeleteMessagesTo>(d => _ = DeleteAsync(d));
    }

    private sealed record Pending(WriteMessages Request, WriteOutcome[] Outcomes);

    private sealed record WriteCompleted(IReadOnlyList<Pending> Batch, Exception? Failure);

    private sealed record LingerElapsed;

    private void TryFlush()
    {
        var now = Stopwatch.GetTimestamp();
        if (_groupCommit.ShouldFlush(_queued.Count, _queuedRows >= _settings.JournalMaxBatchSize, now))
        {
            Flush();
            return;
        }
        if (_queued.Count == 0 || _lingerArmed) return;
        // Real time, never the actor scheduler: the wait is a throughput device and must not depend on a test clock.
        _lingerArmed = true;
        var self = Self;
        var remaining = Math.Max(1, (int)Math.Ceiling(_groupCommit.Remaining(now).TotalMilliseconds));
        _ = Task.Delay(remaining).ContinueWith(_ => self.Tell(new LingerElapsed()), TaskScheduler.Default);
    }

    private void Flush()
    {
        var batch = new List<Pending>();
        var writes = new List<AtomicWrite>();
        var slots = new List<(WriteOutcome[] Outcomes, int Index)>();
        var rows = 0;
        var now = Context.System.Scheduler.Now.ToUnixTimeMilliseconds();
        while (_queued.Count > 0 && (rows == 0 || rows + _queued.Peek().RowCount <= _settings.JournalMaxBatchSize))
        {
            var request = _queued.Dequeue();
            _queuedRows -= request.RowCount;
            rows += request.RowCount;
            var outcomes = new WriteOutcome[request.Writes.Count];
            batch.Add(new Pending(request, outcomes));
            for (var i = 0; i < request.Writes.Count; i++)
            {
                try
                {
                    writes.Add(Serialize(request.Writes[i], now));
                    slots.Add((outcomes, i));
                }
                catch (Exception e)
                {
                    outcomes[i] = WriteOutcome.Rejected(e);
                }
            }
        }
        _writing = true;
        var self = Self;
        if (writes.Count == 0)
        {
            self.Tell(new WriteCompleted(batch, null));
            return;
        }
        _breaker.CallAsync(ct => _store.WriteAsync(writes, ct)).ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                var results = t.Result;
                if (results.Count != slots.Count)
                {
                    self.Tell(new WriteCompleted(batch, new InvalidOperationException($"The journal store returned {results.Count} outcomes for {slots.Count} writes.")));
                    return;
                }
                for (var i = 0; i < slots.Count; i++) slots[i].Outcomes[slots[i].Index] = results[i];
                self.Tell(new WriteCompleted(batch, null));
            }
            else self.Tell(new WriteCompleted(batch, t.Exception?.GetBaseException() ?? new TaskCanceledException("The journal write was cancelled.")));
        }, TaskScheduler.Default);
    }

    private AtomicWrite Serialize(IReadOnlyList<PersistentRepr> events, long now)
    {
        var rows = new JournalRow[events.Count];
        var durability = JournalDurability.Written;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var (manifest, serializerId, payload) = _serializers.Serialize(e.Event);
            rows[i] = new JournalRow(e.PersistenceId, e.SequenceNr, manifest, serializerId, payload, e.WriterUuid, now, e.Tags);
            if (e.Durability == JournalDurability.Synced) durability = JournalDurability.Synced;
        }
        return new AtomicWrite(events[0].PersistenceId, rows) { Durability = durability };
    }

    private void Completed(WriteCompleted completed)
    {
        foreach (var pending in completed.Batch)
        {
            var request = pending.Request;
            for (var i = 0; i < request.Writes.Count; i++)
            {
                var outcome = pending.Outcomes[i];
                var write = request.Writes[i];
                if (completed.Failure is null && outcome.IsOk)
                {
                    request.Actor.Tell(new WriteMessagesSuccess(write, request.InstanceId), write[0].Sender);
                    continue;
                }
                foreach (var repr in write)
                {
                    object reply = completed.Failure is { } failure ? new WriteMessageFailure(repr, failure, request.InstanceId)
                        : outcome.Failure is { } f ? new WriteMessageFailure(repr, f, request.InstanceId)
                        : new WriteMessageRejected(repr, outcome.Rejection!, request.InstanceId);
                    request.Actor.Tell(reply, repr.Sender);
                }
            }
        }
        _writing = false;
        _groupCommit.Completed(completed.Batch.Count, _queued.Count, Stopwatch.GetTimestamp());
        TryFlush();
    }

    private async Task ReplayAsync(ReplayMessages r)
    {
        var log = Context.Log;
        // Rows pass the replay filter on the store's reading thread and reach the recovering actor in batches, still
        // serialized: the actor deserializes them while the store reads on, so recovery runs on two threads.
        var batch = new ReplayBatcher(r.Actor, r.InstanceId);
        try
        {
            var filter = new ReplayFilter(_settings.ReplayFilter, m => log.LogWarningReplayFilter(m));
            // Both delegates made once per replay: a local function converted at each row's call was one allocation per row.
            Action<JournalRow> emit = batch.Add;
            Action<JournalRow> onRow = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (row) => filter.Add(row, emit);
            if (r.Max > 0 && r.FromSequenceNr <= r.ToSequenceNr)
            {
                await _breaker.CallAsync(ct => _store.ReplayAsync(r.PersistenceId, r.FromSequenceNr, r.ToSequenceNr, r.Max, onRow, ct)).ConfigureAwait(false);
                filter.Complete(emit);
            }
            batch.Close();
            var highest = await _breaker.CallAsync(ct => _store.ReadHighestSequenceNrAsync(r.PersistenceId, r.FromSequenceNr, ct)).ConfigureAwait(false);
            r.Actor.Tell(new RecoverySuccess(highest, r.InstanceId));
        }
        catch (Exception e)
        {
            batch.Close();
            r.Actor.Tell(new ReplayMessagesFailure(e, r.InstanceId));
        }
    }

    private async Task DeleteAsync(DeleteMessagesTo d)
    {
        try
        {
            await _breaker.CallAsync(ct => _store.DeleteMessagesToAsync(d.PersistenceId, d.ToSequenceNr, ct)).ConfigureAwait(false);
            d.Actor.Tell(new DeleteMessagesSuccess(d.ToSequenceNr));
        }
        catch (Exception e)
        {
            d.Actor.Tell(new DeleteMessagesFailure(d.ToSequenceNr, e));
        }
    }
}
