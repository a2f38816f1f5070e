namespace Kane.Persistence.Journal;

/// <summary>
/// One serialized event as a journal stores it. <see cref="Ordering"/> is the store's global position (0 before the
/// row is written); <see cref="Manifest"/> is the registered type tag with its version, never a CLR type name.
/// </summary>
public sealed record JournalRow(
    string PersistenceId,
    long SequenceNr,
    string Manifest,
    int SerializerId,
    byte[] Payload,
    string WriterUuid,
    long Timestamp,
    IReadOnlyList<string> Tags,
    long Ordering = 0);
