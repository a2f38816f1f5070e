using Kane.Organize.Moving.Internal;

namespace Kane.Organize.Moving;

/// <summary>
/// Finishes what a crashed run left: every journaled operation that has an intent but no outcome is run again from
/// whatever state the file system shows, and the temporary files of failed operations are removed. Afterwards each
/// file of the run is exactly once at its source or its target.
/// </summary>
public static class MoveRecovery
{
    /// <summary>The results of the unfinished operations, in journal order (empty when there were none).</summary>
    public static IReadOnlyList<MoveResult> Resume(MoveJournal journal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var results = new List<MoveResult>();
        foreach (var entry in journal.Entries)
        {
            if (entry.State == MoveState.Failed && entry.TempPath.Length > 0 && Posix.Exists(entry.TempPath))
            {
                // A failed copy's or link's temporary name: never the only copy of anything (the source stayed).
                Posix.UnlinkIfExists(entry.TempPath);
            }
            if (entry.IsTerminal || journal.Find(entry.Request)?.Id != entry.Id)
                continue;
            results.Add(MoveOperations.Run(entry, journal, cancellationToken));
        }
        journal.Flush();
        return results;
    }

    /// <summary>The operations of <paramref name="journal"/> that a crash left unfinished.</summary>
    public static IReadOnlyList<MoveEntry> Unfinished(MoveJournal journal) =>
        journal.Entries.Where(e => !e.IsTerminal).ToArray();
}
