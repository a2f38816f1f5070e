using Kane.Organize.Moving.Internal;

namespace Kane.Organize.Moving;

/// <summary>What <see cref="MoveRecovery.ResumeAll"/> finished, and the run ids it left alone because a live process holds them.</summary>
public sealed record RecoveryReport(IReadOnlyList<MoveResult> Results, IReadOnlyList<string> InUse);

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

    /// <summary>
    /// Resumes every journal in <paramref name="directory"/> that no live process holds: the journals of nodes or
    /// processes that died. Run it before a run continues elsewhere (another node taking over a dead node's files),
    /// so that no half-done copy is mistaken for a foreign file at its target. Journals in use are skipped and named.
    /// </summary>
    public static RecoveryReport ResumeAll(string directory, CancellationToken cancellationToken = default)
    {
        var results = new List<MoveResult>();
        var busy = new List<string>();
        foreach (var runId in MoveJournal.List(directory))
        {
            MoveJournal journal;
            try
            {
                journal = MoveJournal.Open(directory, runId);
            }
            catch (IOException)
            {
                busy.Add(runId);
                continue;
            }
            using (journal)
                results.AddRange(Resume(journal, cancellationToken));
        }
        return new RecoveryReport(results, busy);
    }

    /// <summary>The operations of <paramref name="journal"/> that a crash left unfinished.</summary>
    public static IReadOnlyList<MoveEntry> Unfinished(MoveJournal journal) =>
        journal.Entries.Where(e => !e.IsTerminal).ToArray();
}
