using Kane.Organize.Moving.Internal;

namespace Kane.Organize.Moving;

/// <summary>An operation undo could not reverse, and why; the file is left where it is.</summary>
public sealed record UndoProblem(MoveEntry Entry, MoveFailure Failure, string Reason);

/// <summary>
/// What <see cref="MoveUndo.Run"/> did: files moved back (<paramref name="Restored"/>), found back already
/// (<paramref name="AlreadyRestored"/>, e.g. by an earlier interrupted undo), deleted duplicates copied back from their
/// original (<paramref name="Recreated"/>), linked duplicates that stay as hard links at their own path
/// (<paramref name="LinkedInPlace"/>), and the operations it could not reverse.
/// </summary>
public sealed record UndoReport(int Restored, int AlreadyRestored, int Recreated, int LinkedInPlace, IReadOnlyList<UndoProblem> Problems)
{
    public bool Complete => Problems.Count == 0;
}

/// <summary>
/// Reverses a run from its journal: each completed move is moved back to where it came from (newest first), then
/// each deleted duplicate is recreated from its original, verified against the recorded hash. Undo journals its own
/// operations (<c>RUNID.undo.log</c> beside the run's journal) with the same crash-safe mover, so an interrupted undo
/// is finished by running it again. It first finishes the run's own unfinished operations, and holds the run's
/// journal locked meanwhile, so it refuses to run while the run itself is still going.
/// </summary>
public static class MoveUndo
{
    /// <summary>The run id of the journal undo keeps for <paramref name="runId"/>.</summary>
    public static string UndoRunId(string runId) => runId + ".undo";

    /// <summary>Undoes run <paramref name="runId"/> journaled in <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">No journal for <paramref name="runId"/> exists.</exception>
    /// <exception cref="IOException">The run's journal is held by a running process.</exception>
    public static UndoReport Run(string directory, string runId, CancellationToken cancellationToken = default)
    {
        var path = MoveJournal.PathFor(directory, runId);
        if (!File.Exists(path))
            throw new FileNotFoundException($"no move journal for run '{runId}' at '{path}'", path);
        using var run = MoveJournal.Open(directory, runId);
        MoveRecovery.Resume(run, cancellationToken);
        using var undo = MoveJournal.Open(directory, UndoRunId(runId));
        MoveRecovery.Resume(undo, cancellationToken);

        int restored = 0, already = 0, recreated = 0, linked = 0;
        var problems = new List<UndoProblem>();
        var done = run.Entries.Where(e => e.State == MoveState.Done).ToArray();
        // Where each moved file is now, so a deleted duplicate is recreated from its original wherever that went back to.
        var movedBack = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in done.Where(e => e.Request.Kind == MoveKind.Move).Reverse())
        {
            var r = entry.Request;
            var result = SafeMover.Move(new MoveRequest(r.Target, r.Source, r.Size, r.Expected), undo, cancellationToken);
            switch (result.Outcome)
            {
                case MoveOutcome.Moved: restored++; movedBack[r.Target] = r.Source; break;
                case MoveOutcome.AlreadyDone: already++; movedBack[r.Target] = r.Source; break;
                default: problems.Add(new UndoProblem(entry, result.Failure, Explain(result, r))); break;
            }
        }
        foreach (var entry in done.Where(e => e.Request.Kind == MoveKind.DeleteDuplicate).Reverse())
        {
            var r = entry.Request;
            var original = movedBack.GetValueOrDefault(r.Target, r.Target);
            var result = SafeMover.Move(new MoveRequest(original, r.Source, r.Size, r.Expected, MoveKind.Copy), undo, cancellationToken);
            switch (result.Outcome)
            {
                case MoveOutcome.Moved: recreated++; break;
                case MoveOutcome.AlreadyDone: already++; break;
                default: problems.Add(new UndoProblem(entry, result.Failure, $"cannot recreate the deleted duplicate '{r.Source}' from '{original}': {result.Message}")); break;
            }
        }
        linked = done.Count(e => e.Request.Kind == MoveKind.LinkDuplicate);
        undo.Flush();
        return new UndoReport(restored, already, recreated, linked, problems);
    }

    private static string Explain(MoveResult result, MoveRequest original) => result.Failure switch
    {
        MoveFailure.TargetExists => $"cannot move '{original.Target}' back: its original path '{original.Source}' is occupied by another file",
        MoveFailure.SourceMissing => $"cannot move '{original.Target}' back to '{original.Source}': it is no longer at '{original.Target}'",
        MoveFailure.ContentMismatch => $"'{original.Target}' was changed since it was moved; it is left there ({result.Message})",
        _ => $"cannot move '{original.Target}' back to '{original.Source}': {result.Message}",
    };
}
