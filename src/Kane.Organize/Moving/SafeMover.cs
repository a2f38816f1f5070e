using Kane.Organize.Moving.Internal;

namespace Kane.Organize.Moving;

/// <summary>
/// Crash-safe, idempotent file operations (<see cref="MoveKind"/>), journaled in a <see cref="MoveJournal"/>.
/// A move renames within a file system (renameat2 with RENAME_NOREPLACE, or link+unlink) and across file systems
/// copies to a temporary name beside the target, fsyncs, verifies the hash, renames it into place without replacing,
/// fsyncs the directory, then deletes the source. An existing target is never overwritten. Whatever instruction a
/// crash interrupts, calling <see cref="Move"/> again with the same request (or <see cref="MoveRecovery.Resume"/>)
/// finishes or cleanly fails the operation, and the file is then present exactly once, at its source or its target;
/// temporary files are removed. Safe to call from several threads for different files.
/// </summary>
public static class SafeMover
{
    /// <summary>
    /// Carries out <paramref name="request"/>, resuming the journal's unfinished attempt of the same operation if
    /// there is one. Failures are results, not exceptions; a cancelled copy throws
    /// <see cref="OperationCanceledException"/> after removing its temporary file (the source is untouched).
    /// </summary>
    /// <exception cref="ArgumentException">A path is relative, contains '.' or '..' segments, or source equals target.</exception>
    /// <exception cref="IOException">The journal cannot be written.</exception>
    public static MoveResult Move(MoveRequest request, MoveJournal journal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(journal);
        request.Validate();
        var entry = Prepare(request, journal, sync: true, out var done);
        return done ?? MoveOperations.Run(entry!, journal, cancellationToken);
    }

    /// <summary>
    /// <see cref="Move"/> for a batch: the intents of all requests are journaled with a single fsync before any file
    /// is touched, then the requests run in order. For many small files this saves an fsync per file.
    /// </summary>
    public static IReadOnlyList<MoveResult> MoveAll(IReadOnlyList<MoveRequest> requests, MoveJournal journal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(journal);
        foreach (var request in requests)
            request.Validate();
        var prepared = new (MoveEntry? Entry, MoveResult? Done)[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var entry = Prepare(requests[i], journal, sync: false, out var done);
            prepared[i] = (entry, done);
        }
        journal.Flush();
        var results = new MoveResult[requests.Count];
        for (var i = 0; i < requests.Count; i++)
            results[i] = prepared[i].Done ?? MoveOperations.Run(prepared[i].Entry!, journal, cancellationToken);
        return results;
    }

    /// <summary>
    /// True for the name of a temporary file the mover makes (<c>.kane-move.RUN.ID.tmp</c> beside a target,
    /// <c>.kane-link.RUN.ID.tmp</c> beside a linked duplicate): a scanner skips these, and recovery removes them.
    /// </summary>
    public static bool IsTemporaryName(string fileName) =>
        fileName.EndsWith(".tmp", StringComparison.Ordinal)
        && (fileName.StartsWith(".kane-move.", StringComparison.Ordinal) || fileName.StartsWith(".kane-link.", StringComparison.Ordinal));

    /// <summary>The journal entry to run for <paramref name="request"/>, or a result when nothing is left to do.</summary>
    private static MoveEntry? Prepare(MoveRequest request, MoveJournal journal, bool sync, out MoveResult? done)
    {
        done = null;
        var existing = journal.Find(request);
        if (existing is { State: MoveState.Pending or MoveState.Placing })
            return existing;
        // A journaled success is trusted unless the file system plainly says otherwise (a rename lost to a power cut).
        if (existing is { State: MoveState.Done } && !MoveOperations.LooksUndone(existing))
        {
            done = new MoveResult(request, MoveOutcome.AlreadyDone, existing.Copied);
            return null;
        }
        return journal.Begin(request, id => MoveOperations.TempPathFor(request, journal.RunId, id), sync);
    }
}
