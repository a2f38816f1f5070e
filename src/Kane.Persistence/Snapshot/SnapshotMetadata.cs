namespace Kane.Persistence.Snapshot;

/// <summary>Identifies a snapshot: whose, taken after which sequence number, and when (Unix milliseconds).</summary>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, long Timestamp);
