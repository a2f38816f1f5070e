namespace Kane.Persistence.Snapshot;

/// <summary>Selects snapshots whose sequence number and timestamp lie within the bounds (inclusive).</summary>
public sealed record SnapshotSelectionCriteria(long MaxSequenceNr, long MaxTimestamp = long.MaxValue, long MinSequenceNr = 0, long MinTimestamp = 0)
{
    /// <summary>The newest snapshot.</summary>
    public static SnapshotSelectionCriteria Latest { get; } = new(long.MaxValue);

    /// <summary>No snapshot: recovery replays every event.</summary>
    public static SnapshotSelectionCriteria None { get; } = new(0, 0);

    public bool Matches(SnapshotMetadata metadata) =>
        metadata.SequenceNr <= MaxSequenceNr && metadata.Timestamp <= MaxTimestamp &&
        metadata.SequenceNr >= MinSequenceNr && metadata.Timestamp >= MinTimestamp;
}
