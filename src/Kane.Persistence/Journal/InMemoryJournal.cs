namespace Kane.Persistence.Journal;

/// <summary>A journal in process memory, for tests. It keeps the same contract as the SQL stores (the conformance suite runs it).</summary>
public sealed class InMemoryJournal : IJournalStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedList<long, JournalRow>> _rows = [];
    private readonly Dictionary<string, long> _highest = [];
    private readonly List<JournalRow> _byOrdering = [];

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken)
    {
        var outcomes = new WriteOutcome[writes.Count];
        lock (_lock)
        {
            for (var i = 0; i < writes.Count; i++)
            {
                var write = writes[i];
                var rows = Rows(write.PersistenceId);
                var taken = write.Rows.FirstOrDefault(r => rows.ContainsKey(r.SequenceNr) || IsDeletedSlot(write.PersistenceId, r.SequenceNr));
                if (taken is not null)
                {
                    outcomes[i] = WriteOutcome.Failed(new JournalConflictException(write.PersistenceId, taken.SequenceNr));
                    continue;
                }
                foreach (var row in write.Rows)
                {
                    var stored = row with { Ordering = _byOrdering.Count + 1 };
                    _byOrdering.Add(stored);
                    rows.Add(row.SequenceNr, stored);
                }
                _highest[write.PersistenceId] = Math.Max(Highest(write.PersistenceId), write.HighestSequenceNr);
            }
        }
        return Task.FromResult<IReadOnlyList<WriteOutcome>>(outcomes);
    }

    public Task ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<JournalRow> onRow, CancellationToken cancellationToken)
    {
        List<JournalRow> selected;
        lock (_lock)
        {
            selected = [.. Rows(persistenceId).Values.Where(r => r.SequenceNr >= fromSequenceNr && r.SequenceNr <= toSequenceNr).Take((int)Math.Min(max, int.MaxValue))];
        }
        foreach (var row in selected) onRow(row);
        return Task.CompletedTask;
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult(Highest(persistenceId));
    }

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var rows = Rows(persistenceId);
            foreach (var seq in rows.Keys.Where(k => k <= toSequenceNr).ToList())
            {
                _byOrdering[(int)rows[seq].Ordering - 1] = rows[seq] with { Tags = [] };
                rows.Remove(seq);
            }
            _deletedTo[persistenceId] = Math.Max(_deletedTo.GetValueOrDefault(persistenceId), Math.Min(toSequenceNr, Highest(persistenceId)));
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<JournalRow>> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<JournalRow> rows = [.. _byOrdering.Skip((int)Math.Max(0, afterOrdering)).Where(r => r.Tags.Contains(tag)).Take(max)];
            return Task.FromResult(rows);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private readonly Dictionary<string, long> _deletedTo = [];

    private bool IsDeletedSlot(string persistenceId, long sequenceNr) => sequenceNr <= _deletedTo.GetValueOrDefault(persistenceId);

    private long Highest(string persistenceId) => _highest.GetValueOrDefault(persistenceId);

    private SortedList<long, JournalRow> Rows(string persistenceId)
    {
        if (!_rows.TryGetValue(persistenceId, out var rows)) _rows[persistenceId] = rows = [];
        return rows;
    }
}
