namespace Kane.Persistence.Snapshot;

/// <summary>The snapshot-store port. Saving a snapshot with an existing (persistence id, sequence number) replaces it.</summary>
public interface ISnapshotStore : IAsyncDisposable
{
    /// <summary>The newest snapshot matching <paramref name="criteria"/>, or null.</summary>
    Task<SnapshotRow?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken);

    Task SaveAsync(SnapshotRow snapshot, CancellationToken cancellationToken);

    Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken);

    Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken);
}
