using System.Runtime.CompilerServices;
using Kane.Actor;
using Kane.Persistence.Journal;
using Kane.Persistence.Serialization;
using Kane.Scheduling;

namespace Kane.Persistence.Query;

/// <summary>
/// Reads a journal by tag, in the journal's global ordering, from an offset (exclusive: the offset of the last event
/// a consumer saw, 0 for the beginning). Obtain it from <see cref="Persistence.Query"/>.
/// </summary>
/// <remarks>
/// Every store makes a row's ordering visible only after all lower orderings are (SQLite has one writer at a time;
/// PostgreSQL serializes journal inserts with an advisory lock), so resuming after an offset never skips an event
/// that commits later with a lower ordering.
/// </remarks>
public sealed class PersistenceQuery
{
    private readonly IJournalStore _store;
    private readonly EventSerializerRegistry _serializers;
    private readonly IScheduler _scheduler;

    internal PersistenceQuery(IJournalStore store, EventSerializerRegistry serializers, IScheduler scheduler, TimeSpan refreshInterval)
    {
        _store = store;
        _serializers = serializers;
        _scheduler = scheduler;
        RefreshInterval = refreshInterval;
    }

    /// <summary>How often a live query polls for new rows (<c>kane.persistence.query.refresh-interval</c>).</summary>
    /// <value>1s.</value>
    public TimeSpan RefreshInterval { get; }

    /// <summary>Rows read per store call.</summary>
    /// <value>500.</value>
    public int PageSize { get; init; } = 500;

    /// <summary>Every event tagged <paramref name="tag"/> with an offset above <paramref name="offset"/>, then completes.</summary>
    public IAsyncEnumerable<EventEnvelope> CurrentEventsByTag(string tag, long offset = 0, CancellationToken cancellationToken = default) =>
        Read(tag, offset, live: false, cancellationToken);

    /// <summary>
    /// Like <see cref="CurrentEventsByTag"/>, then keeps delivering new events, polling every <see cref="RefreshInterval"/>
    /// on the system scheduler; it ends only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public IAsyncEnumerable<EventEnvelope> EventsByTag(string tag, long offset = 0, CancellationToken cancellationToken = default) =>
        Read(tag, offset, live: true, cancellationToken);

    /// <summary>
    /// Tells each envelope of the query to <paramref name="target"/>, in order; a current query ends with
    /// <see cref="EventsByTagCompleted"/>, an error with <see cref="EventsByTagFailed"/>. Dispose the result to stop.
    /// </summary>
    /// <remarks>Envelopes are not flow-controlled: a page (<see cref="PageSize"/>) is told at once per poll.</remarks>
    public IDisposable PipeEventsByTag(string tag, long offset, IActorRef target, bool live = true)
    {
        var cts = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            var last = offset;
            try
            {
                await foreach (var envelope in Read(tag, offset, live, cts.Token).ConfigureAwait(false))
                {
                    target.Tell(envelope);
                    last = envelope.Offset;
                }
                target.Tell(new EventsByTagCompleted(tag, last));
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                target.Tell(new EventsByTagFailed(tag, last, e));
            }
        });
        return cts;
    }

    private async IAsyncEnumerable<EventEnvelope> Read(string tag, long offset, bool live, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        var after = Math.Max(0, offset);
        while (true)
        {
            var rows = await _store.ReadTaggedAsync(tag, after, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var @event = _serializers.Deserialize(row.Manifest, row.SerializerId, row.Payload);
                after = row.Ordering;
                yield return new EventEnvelope(row.Ordering, row.PersistenceId, row.SequenceNr, @event, row.Timestamp, row.Tags);
            }
            if (rows.Count >= PageSize) continue;
            if (!live) yield break;
            await RefreshDelay(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RefreshDelay(CancellationToken cancellationToken)
    {
        var due = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = _scheduler.ScheduleOnce(RefreshInterval, () => due.TrySetResult());
        await using var registration = cancellationToken.Register(() =>
        {
            timer.Cancel();
            due.TrySetCanceled(cancellationToken);
        });
        await due.Task.ConfigureAwait(false);
    }
}
