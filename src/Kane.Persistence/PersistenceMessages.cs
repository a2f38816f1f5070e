using Kane.Persistence.Snapshot;

namespace Kane.Persistence;

/// <summary>Delivered to the recovery handlers once recovery is done (also when nothing was replayed); commands follow.</summary>
public sealed record RecoveryCompleted
{
    public static RecoveryCompleted Instance { get; } = new();
}

/// <summary>Delivered to the recovery handlers first when a snapshot was loaded.</summary>
public sealed record SnapshotOffer(SnapshotMetadata Metadata, object Snapshot);

/// <summary>Reply (as a command) to <c>SaveSnapshot</c>.</summary>
public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);

/// <summary>Reply (as a command) to a failed <c>SaveSnapshot</c>.</summary>
public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);

/// <summary>Reply (as a command) to <c>DeleteSnapshots</c>.</summary>
public sealed record DeleteSnapshotsSuccess(SnapshotSelectionCriteria Criteria);

/// <summary>Reply (as a command) to a failed <c>DeleteSnapshots</c>.</summary>
public sealed record DeleteSnapshotsFailure(SnapshotSelectionCriteria Criteria, Exception Cause);

/// <summary>Reply (as a command) to <c>DeleteMessages</c>.</summary>
public sealed record DeleteMessagesSuccess(long ToSequenceNr);

/// <summary>Reply (as a command) to a failed <c>DeleteMessages</c>.</summary>
public sealed record DeleteMessagesFailure(long ToSequenceNr, Exception Cause);

/// <summary>
/// Persist an event with tags: <c>Persist(new Tagged(evt, ["job"]), handler)</c>. The journal stores the event and its
/// tags; the handler receives the <see cref="Tagged"/> value, recovery the bare event.
/// </summary>
public sealed record Tagged(object Payload, IReadOnlyList<string> Tags);
