using Kane.Actor;
using Kane.Persistence.Journal;
using Kane.Persistence.Snapshot;

namespace Kane.Persistence.Internal;

/// <summary>An event on its way to the journal, with the sender of the command that persisted it.</summary>
internal sealed record PersistentRepr(object Payload, string PersistenceId, long SequenceNr, string WriterUuid, IActorRef Sender)
{
    public object Event => Payload is Tagged t ? t.Payload : Payload;

    public IReadOnlyList<string> Tags => Payload is Tagged t ? t.Tags : [];

    public JournalDurability Durability { get; init; }
}

internal sealed record WriteMessages(IReadOnlyList<IReadOnlyList<PersistentRepr>> Writes, IActorRef Actor, int InstanceId)
{
    public int RowCount => Writes.Sum(w => w.Count);
}

/// <summary>Every event of one atomic write is stored; one reply per write (its events share the command's sender).</summary>
internal sealed record WriteMessagesSuccess(IReadOnlyList<PersistentRepr> Reprs, int InstanceId);

internal sealed record WriteMessageRejected(PersistentRepr Repr, Exception Cause, int InstanceId);

internal sealed record WriteMessageFailure(PersistentRepr Repr, Exception Cause, int InstanceId);

internal sealed record ReplayMessages(string PersistenceId, long FromSequenceNr, long ToSequenceNr, long Max, IActorRef Actor, int InstanceId);

/// <summary>
/// Replayed rows in sequence order, past the replay filter and still serialized; the journal sends them in batches so
/// recovery is not one mailbox hop per event, and the recovering actor deserializes them, so reading the store and
/// deserializing run on two threads.
/// </summary>
internal sealed record ReplayedMessages(IReadOnlyList<JournalRow> Rows, int InstanceId);

internal sealed record RecoverySuccess(long HighestSequenceNr, int InstanceId);

internal sealed record ReplayMessagesFailure(Exception Cause, int InstanceId);

internal sealed record DeleteMessagesTo(string PersistenceId, long ToSequenceNr, IActorRef Actor);

internal sealed record LoadSnapshot(string PersistenceId, SnapshotSelectionCriteria Criteria, IActorRef Actor, int InstanceId);

internal sealed record LoadSnapshotResult(SnapshotOffer? Offer, int InstanceId);

internal sealed record LoadSnapshotFailed(Exception Cause, int InstanceId);

internal sealed record SaveSnapshotRequest(SnapshotMetadata Metadata, object Snapshot, IActorRef Actor);

internal sealed record DeleteSnapshotsRequest(string PersistenceId, SnapshotSelectionCriteria Criteria, IActorRef Actor);

internal sealed record RequestRecoveryPermit;

internal sealed record RecoveryPermitGranted;

internal sealed record ReturnRecoveryPermit;

internal sealed record RecoveryTick(int InstanceId);
