namespace Kane.Persistence.Journal;

/// <summary>Rows of one persistence id that a store writes all together or not at all, in sequence order.</summary>
public sealed record AtomicWrite(string PersistenceId, IReadOnlyList<JournalRow> Rows)
{
    public long LowestSequenceNr => Rows[0].SequenceNr;

    public long HighestSequenceNr => Rows[^1].SequenceNr;

    /// <summary>How durable the write must be before the store reports it (<see cref="JournalDurability.Synced"/> unless every event asked for less).</summary>
    public JournalDurability Durability { get; init; } = JournalDurability.Synced;
}
