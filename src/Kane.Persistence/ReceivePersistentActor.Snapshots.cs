using Kane.Actor;
using Kane.Persistence.Internal;
using Kane.Persistence.Snapshot;

namespace Kane.Persistence;

public abstract partial class ReceivePersistentActor
{
    /// <summary>Saves <paramref name="snapshot"/> as the state after <see cref="LastSequenceNr"/>; <see cref="SaveSnapshotSuccess"/> or <see cref="SaveSnapshotFailure"/> follows as a command.</summary>
    protected void SaveSnapshot(object snapshot)
    {
        var metadata = new SnapshotMetadata(PersistenceId, LastSequenceNr, Context.System.Scheduler.Now.ToUnixTimeMilliseconds());
        Extension.Snapshots.Tell(new SaveSnapshotRequest(metadata, snapshot, Self), Self);
    }

    /// <summary>Deletes this actor's snapshots matching <paramref name="criteria"/>; <see cref="DeleteSnapshotsSuccess"/> or <see cref="DeleteSnapshotsFailure"/> follows.</summary>
    protected void DeleteSnapshots(SnapshotSelectionCriteria criteria) =>
        Extension.Snapshots.Tell(new DeleteSnapshotsRequest(PersistenceId, criteria, Self), Self);

    /// <summary>
    /// Deletes this actor's events up to <paramref name="toSequenceNr"/> (the highest sequence number is kept, so
    /// numbering continues); <see cref="DeleteMessagesSuccess"/> or <see cref="DeleteMessagesFailure"/> follows.
    /// </summary>
    protected void DeleteMessages(long toSequenceNr) =>
        Extension.Journal.Tell(new DeleteMessagesTo(PersistenceId, toSequenceNr, Self), Self);
}
