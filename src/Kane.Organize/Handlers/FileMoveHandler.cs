using System.Globalization;
using Kane.Actors;
using Kane.Organize.Catalog;
using Kane.Organize.Hashing;
using Kane.Organize.Moving;

namespace Kane.Organize.Handlers;

/// <summary>
/// <c>file-move</c>: carries out the plan for a range of catalog ids through <see cref="SafeMover"/> (journal the
/// intent, rename or verified copy, never overwrite). Phase <c>move</c> does moves and duplicate moves; phase
/// <c>dedup</c> (after every move of the run) replaces duplicates by hard links or deletes them. Each task writes its
/// own move journal, <c>{journal}/{run}.{phase}.{first id}.log</c>, which undo reads back; the run id (not the job id)
/// names it, so the same task of a resumed attempt reopens it and the mover finishes whatever the last attempt left. A file already done is
/// skipped; a file the mover refuses keeps its place and gets an error.
/// </summary>
public sealed class FileMoveHandler : ITaskHandler
{
    public string TaskType => TaskTypes.FileMove;

    public IReadOnlyCollection<string> Capabilities => [];

    /// <summary>The journal run id of a move task: letters, digits, '.', '-' and '_' only.</summary>
    public static string JournalRunId(string runId, string phase, long low) => string.Create(CultureInfo.InvariantCulture, $"{runId}.{phase}.{low}");

    public ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var (low, high) = TaskInputs.Range(context);
        var phase = TaskInputs.Required(context, OrganizeKeys.MovePhase);
        if (phase is not ("move" or "dedup"))
            throw TaskInputs.Invalid(context, $"phase must be move or dedup, not '{phase}'");
        using var catalog = TaskInputs.OpenCatalog(context);
        var journalDir = context.ResolvePath(TaskInputs.RequiredSetting(context, catalog, OrganizeKeys.Journal));
        var files = catalog.FilesById(low, high)
            .Where(f => !f.Done && f.Error is null && f.Target is not null
                && (phase == "move" ? f.Action is PlanActions.Move or PlanActions.MoveDuplicate : f.Action is PlanActions.Link or PlanActions.Delete))
            .ToList();
        if (files.Count == 0)
            return ValueTask.FromResult(new TaskOutcome { Output = new Dictionary<string, string> { ["files"] = "0" } });
        var requests = files.Select(f => new MoveRequest(context.ResolvePath(f.Path), context.ResolvePath(f.Target!), f.Size, Expected(f), Kind(f.Action!))).ToList();
        IReadOnlyList<MoveResult> results;
        using (var journal = MoveJournal.Open(journalDir, JournalRunId(TaskInputs.Setting(context, catalog, OrganizeKeys.Run) ?? context.JobId, phase, low)))
            results = SafeMover.MoveAll(requests, journal, cancellationToken);
        var rows = files.Zip(results, (f, r) => (f.Id, r.Succeeded, r.Succeeded ? null : r.ToString())).ToList();
        catalog.SetDone(rows);
        var moved = rows.Count(r => r.Succeeded);
        return ValueTask.FromResult(new TaskOutcome(files.Zip(results).Where(x => x.Second.Succeeded).Sum(x => x.First.Size))
        {
            Output = new Dictionary<string, string>
            {
                ["files"] = files.Count.ToString(CultureInfo.InvariantCulture),
                ["done"] = moved.ToString(CultureInfo.InvariantCulture),
                ["errors"] = (files.Count - moved).ToString(CultureInfo.InvariantCulture),
            },
        });
    }

    private static MoveKind Kind(string action) => action switch
    {
        PlanActions.Link => MoveKind.LinkDuplicate,
        PlanActions.Delete => MoveKind.DeleteDuplicate,
        _ => MoveKind.Move,
    };

    private static Hash128? Expected(CatalogFile f)
    {
        if (!ContentHash.TryParse(f.Hash, out var hash) || hash.Algorithm != ContentHashAlgorithm.Xxh128) return null;
        Span<byte> bytes = stackalloc byte[16];
        hash.CopyTo(bytes);
        return new Hash128(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes));
    }
}
