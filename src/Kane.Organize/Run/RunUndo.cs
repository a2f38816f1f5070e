using Kane.Organize.Handlers;
using Kane.Organize.Moving;

namespace Kane.Organize.Run;

/// <summary>
/// Undoes the moves of one organize job (<c>kane jobs undo JOB</c>): every move journal the file-move tasks of its run
/// (all attempts) wrote in the moves folder, the link and delete journals first (a deleted duplicate is recreated from its original while the
/// original is still at its target), then the moves.
/// </summary>
public static class RunUndo
{
    /// <summary>The run an organize job belongs to: <c>org-KEY-gN-organize-aK</c> → <c>org-KEY-gN</c> (other ids unchanged).</summary>
    public static string RunOf(string jobId) => System.Text.RegularExpressions.Regex.Replace(jobId, "-organize-a[0-9]+$", "");

    /// <summary>The journals of <paramref name="jobId"/>'s run in <paramref name="movesDirectory"/>, in undo order.</summary>
    public static IReadOnlyList<string> Journals(string movesDirectory, string jobId)
    {
        jobId = RunOf(jobId);
        if (!Directory.Exists(movesDirectory)) return [];
        var runIds = Directory.EnumerateFiles(movesDirectory, jobId + ".*.log")
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .Where(id => !id.EndsWith(".undo", StringComparison.Ordinal) && (id.StartsWith(jobId + ".dedup.", StringComparison.Ordinal) || id.StartsWith(jobId + ".move.", StringComparison.Ordinal)))
            .ToList();
        return [.. runIds.OrderBy(id => id.StartsWith(jobId + ".dedup.", StringComparison.Ordinal) ? 0 : 1).ThenByDescending(id => id, StringComparer.Ordinal)];
    }

    /// <summary>Undoes every journal of the job; returns one report per journal.</summary>
    /// <exception cref="FileNotFoundException">The job left no move journal there.</exception>
    public static IReadOnlyList<(string RunId, UndoReport Report)> Run(string movesDirectory, string jobId, CancellationToken cancellationToken = default)
    {
        var journals = Journals(movesDirectory, jobId);
        if (journals.Count == 0)
            throw new FileNotFoundException($"job {jobId} left no move journal in {movesDirectory} (was it an organize job of this target, and did it move anything?)");
        return [.. journals.Select(id => (id, MoveUndo.Run(movesDirectory, id, cancellationToken)))];
    }

}
