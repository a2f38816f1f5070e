namespace Kane.Persistence.Journal;

/// <summary>A write found its (persistence id, sequence number) taken: another writer is active on the same id.</summary>
public sealed class JournalConflictException(string persistenceId, long sequenceNr, Exception? inner = null)
    : Exception($"Another writer already wrote sequence number {sequenceNr} of persistence id '{persistenceId}'. " +
                "Two actors are writing one persistence id; this one stops so that they cannot diverge.", inner)
{
    public string PersistenceId { get; } = persistenceId;

    public long SequenceNr { get; } = sequenceNr;
}
