namespace Kane.Persistence.Journal;

/// <summary>
/// The journal port a store implements. The runtime calls it from one journal actor with at most one write in flight,
/// so writes for one persistence id arrive in order. Every method must complete: a store that cannot know whether a
/// write happened fails the task (the actor stops), it never reports that as a rejection.
/// </summary>
public interface IJournalStore : IAsyncDisposable
{
    /// <summary>
    /// Writes each atomic write all-or-nothing and returns one outcome per write, in order. A row whose
    /// (persistence id, sequence number) exists already is a <see cref="WriteOutcome.Failure"/> with a
    /// <see cref="JournalConflictException"/>: two writers on one persistence id must fail loudly. A write is reported
    /// only once it is at least as durable as its <see cref="AtomicWrite.Durability"/> asks (syncing more is allowed).
    /// </summary>
    Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onRow"/> for at most <paramref name="max"/> undeleted rows in [from, to], in sequence order.</summary>
    Task ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<JournalRow> onRow, CancellationToken cancellationToken);

    /// <summary>The highest sequence number ever written for the id (deleted rows count), or 0.</summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken);

    /// <summary>Deletes rows up to <paramref name="toSequenceNr"/>; the highest sequence number is never lowered.</summary>
    Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> undeleted rows tagged <paramref name="tag"/> with ordering above <paramref name="afterOrdering"/>, by ordering.</summary>
    Task<IReadOnlyList<JournalRow>> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken);
}
