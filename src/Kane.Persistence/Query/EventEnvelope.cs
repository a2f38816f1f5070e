namespace Kane.Persistence.Query;

/// <summary>
/// One event read by a query. <see cref="Offset"/> is the journal's global ordering of the row: pass the last offset a
/// consumer handled to resume after it, without a gap or a duplicate.
/// </summary>
public sealed record EventEnvelope(long Offset, string PersistenceId, long SequenceNr, object Event, long Timestamp, IReadOnlyList<string> Tags);
