namespace Kane.Persistence.Journal;

/// <summary>Rows of one persistence id that a store writes all together or not at all, in sequence order.</summary>
public sealed record AtomicWrite(string PersistenceId, IReadOnlyList<JournalRow> Rows)
{
    public long LowestSequenceNr => Rows[0].SequenceNr;

    public long HighestSequenceNr => Rows[^1].SequenceNr;
}
