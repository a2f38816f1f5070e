namespace Kane.Persistence.Snapshot;

/// <summary>A snapshot store in process memory, for tests.</summary>
public sealed class InMemorySnapshotStore : ISnapshotStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedList<long, SnapshotRow>> _snapshots = [];

    public Task<SnapshotRow?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var found = _snapshots.GetValueOrDefault(persistenceId)?.Values.LastOrDefault(s => criteria.Matches(s.Metadata));
            return Task.FromResult(found);
        }
    }

    public Task SaveAsync(SnapshotRow snapshot, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var id = snapshot.Metadata.PersistenceId;
            if (!_snapshots.TryGetValue(id, out var list)) _snapshots[id] = list = [];
            list[snapshot.Metadata.SequenceNr] = snapshot;
        }
        return Task.CompletedTask;
    }

    public Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken)
    {
        lock (_lock) _snapshots.GetValueOrDefault(metadata.PersistenceId)?.Remove(metadata.SequenceNr);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_snapshots.GetValueOrDefault(persistenceId) is not { } list) return Task.CompletedTask;
            foreach (var seq in list.Values.Where(s => criteria.Matches(s.Metadata)).Select(s => s.Metadata.SequenceNr).ToList()) list.Remove(seq);
        }
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
