using Kane.Persistence.Snapshot;

namespace Kane.Persistence;

/// <summary>How a persistent actor recovers: from which snapshot, up to which sequence number, at most how many events.</summary>
public sealed record Recovery(SnapshotSelectionCriteria FromSnapshot, long ToSequenceNr = long.MaxValue, long ReplayMax = long.MaxValue)
{
    /// <summary>The latest snapshot, then every later event.</summary>
    public static Recovery Default { get; } = new(SnapshotSelectionCriteria.Latest);

    /// <summary>No recovery at all: the actor starts empty (and its next sequence numbers may collide with stored ones).</summary>
    public static Recovery None { get; } = new(SnapshotSelectionCriteria.None, 0, 0);
}
