using Kane.Persistence.Journal;

namespace Kane.Persistence.Tests;

/// <summary>An in-memory journal whose writes can be made to fail and whose replays can be made to hang.</summary>
public sealed class FaultyJournal : IJournalStore
{
    private readonly InMemoryJournal _inner = new();

    public volatile bool FailWrites;
    public volatile bool HangReplays;
    private int _replaysStarted;

    /// <summary>Replays called so far (hanging or not).</summary>
    public int ReplaysStarted => Volatile.Read(ref _replaysStarted);

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken) =>
        FailWrites ? Task.FromException<IReadOnlyList<WriteOutcome>>(new IOException("disk on fire")) : _inner.WriteAsync(writes, cancellationToken);

    public Task ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<JournalRow> onRow, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _replaysStarted) > 0 && HangReplays ? Task.Delay(Timeout.Infinite, cancellationToken) : _inner.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, max, onRow, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        _inner.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        _inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);

    public Task<IReadOnlyList<JournalRow>> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken) =>
        _inner.ReadTaggedAsync(tag, afterOrdering, max, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
