using System.Globalization;
using Kane.Actors;
using Kane.Organize.Catalog;
using Kane.Organize.Handlers;
using Kane.Organize.Planning;

namespace Kane.Organize.Run;

/// <summary>
/// Builds the run's two jobs from its options and its catalog. Deterministic: the same catalog gives the same spec,
/// so resubmitting after a crash is the idempotent submission of the same job.
/// </summary>
public static class JobBuilder
{
    /// <summary>Most tasks an organize job gets: batches grow past <see cref="OrganizeOptions.FilesPerTask"/> to keep the spec small.</summary>
    public const int MaxBatches = 100;

    /// <summary>
    /// A hash (and duplicate-check) task takes this many times <see cref="OrganizeOptions.FilesPerTask"/> files: its
    /// reads run in parallel inside it and most candidates cost one small read, so a task of 5,000 cost as much in
    /// dispatch, catalog reads and journal writes as in hashing (bench dedup 100k files: 34 tasks 2.1 s, 10 tasks 1.4 s).
    /// Not more: with five tasks of 20,000 on two agents the last one ran alone (hash and group 0.83–0.91 s against
    /// 0.72–0.82 s with ten, three alternating pairs on a quiet machine, once the hash task also groups its range).
    /// </summary>
    public const int HashBatchFactor = 2;

    /// <summary>
    /// Writes the run's settings into the catalog (<c>opt.KEY</c>), where every handler reads them: tasks then carry
    /// only the catalog's path and their range, and a job of a million files stays a small message.
    /// </summary>
    public static void WriteSettings(OrganizeCatalog catalog, OrganizeOptions options, string runId)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OrganizeKeys.Run] = runId,
            [OrganizeKeys.Target] = options.Target,
            [OrganizeKeys.Budget] = options.ScanBudget.ToString(CultureInfo.InvariantCulture),
            [OrganizeKeys.Layout] = options.Layout,
            [OrganizeKeys.Duplicates] = options.Duplicates.Name(),
            [OrganizeKeys.Paranoid] = options.Paranoid ? "true" : "false",
            [OrganizeKeys.Journal] = options.MovesDirectory,
        };
        var excluded = new[] { options.Target, options.StateDirectory }
            .Where(p => options.Sources.Any(s => OrganizeValidation.IsInside(p, s))).Distinct().ToList();
        for (var i = 0; i < excluded.Count; i++) settings[OrganizeKeys.ExcludePrefix + i.ToString(CultureInfo.InvariantCulture)] = excluded[i];
        foreach (var (key, value) in settings) catalog.SetMeta(TaskInputs.SettingPrefix + key, value);
    }

    /// <summary>The scan job: one <c>file-scan</c> task per source (each may add follow-ups).</summary>
    public static JobSpec Scan(string jobId, OrganizeOptions options)
    {
        var metadata = Common(options);
        var tasks = options.Sources.Select((s, i) => new KaneTask($"scan-{i}", TaskTypes.FileScan, TaskPriority.Normal, [s]) { Metadata = metadata }).ToList();
        return new JobSpec(jobId, "organize: scan", TaskPriority.Normal, tasks) { Roots = Roots(options) };
    }

    /// <summary>
    /// The organize job: hash then duplicate-check per size range, categorise then metadata per id range, one plan
    /// task after all of them, then (unless a dry run) moves per id range, and links or deletes after every move.
    /// </summary>
    public static JobSpec Organize(string jobId, OrganizeOptions options, OrganizeCatalog catalog)
    {
        var perTask = (int)Math.Max(options.FilesPerTask, (catalog.Count() + MaxBatches - 1) / MaxBatches);
        var sizes = catalog.SharedSizeBatches(HashBatch(perTask));
        var ids = catalog.IdBatches(perTask);
        // A spec over MaxSpecBytes (a --cluster submission, one management request) gets fewer, larger tasks: whole
        // neighbouring ranges merged, so a size range still never splits a size and every file stays in one range.
        for (var merge = 1; ; merge *= 2)
        {
            var spec = Organize(jobId, options, Merge(sizes, merge), Merge(ids, merge));
            if (EstimatedBytes(spec) <= options.MaxSpecBytes || (merge >= sizes.Count && merge >= ids.Count)) return spec;
        }
    }

    private static JobSpec Organize(string jobId, OrganizeOptions options, IReadOnlyList<(long Low, long High)> sizes, IReadOnlyList<(long Low, long High)> ids)
    {
        var metadata = Common(options);
        var tasks = new List<KaneTask>();
        var beforePlan = new List<string>();
        for (var i = 0; i < sizes.Count; i++)
        {
            var item = TaskInputs.RangeItem(sizes[i].Low, sizes[i].High);
            tasks.Add(Task($"hash-{i:D5}", TaskTypes.FileHash, item, metadata));
            tasks.Add(Task($"dup-{i:D5}", TaskTypes.FileDuplicateCheck, item, metadata, $"hash-{i:D5}"));
            beforePlan.Add($"dup-{i:D5}");
        }
        for (var i = 0; i < ids.Count; i++)
        {
            var item = TaskInputs.RangeItem(ids[i].Low, ids[i].High);
            tasks.Add(Task($"cat-{i:D5}", TaskTypes.FileCategorize, item, metadata));
            tasks.Add(Task($"meta-{i:D5}", TaskTypes.MetadataExtract, item, metadata, $"cat-{i:D5}"));
            beforePlan.Add($"meta-{i:D5}");
        }
        tasks.Add(new KaneTask("plan", TaskTypes.FileOrganize, TaskPriority.Normal, []) { Metadata = metadata, DependsOn = beforePlan });
        if (!options.DryRun)
        {
            var moves = new List<string>();
            var move = new Dictionary<string, string>(metadata) { [OrganizeKeys.MovePhase] = "move" };
            for (var i = 0; i < ids.Count; i++)
            {
                tasks.Add(Task($"move-{i:D5}", TaskTypes.FileMove, TaskInputs.RangeItem(ids[i].Low, ids[i].High), move, "plan"));
                moves.Add($"move-{i:D5}");
            }
            if (options.Duplicates is DuplicatePolicy.Delete or DuplicatePolicy.Link)
            {
                var dedup = new Dictionary<string, string>(metadata) { [OrganizeKeys.MovePhase] = "dedup" };
                for (var i = 0; i < ids.Count; i++)
                    tasks.Add(Task($"dedup-{i:D5}", TaskTypes.FileMove, TaskInputs.RangeItem(ids[i].Low, ids[i].High), dedup, [.. moves]));
            }
        }
        return new JobSpec(jobId, options.DryRun ? "organize: plan (dry run)" : "organize: hash, plan, move", TaskPriority.Normal, tasks) { Roots = Roots(options) };
    }

    /// <summary>The duplicate search alone (hash → duplicate check per size range), as <c>bench dedup</c> times it.</summary>
    public static JobSpec Dedup(string jobId, OrganizeOptions options, OrganizeCatalog catalog)
    {
        var metadata = Common(options);
        var perTask = (int)Math.Max(options.FilesPerTask, (catalog.Count() + MaxBatches - 1) / MaxBatches);
        var sizes = catalog.SharedSizeBatches(HashBatch(perTask));
        var tasks = new List<KaneTask>();
        for (var i = 0; i < sizes.Count; i++)
        {
            var item = TaskInputs.RangeItem(sizes[i].Low, sizes[i].High);
            tasks.Add(Task($"hash-{i:D5}", TaskTypes.FileHash, item, metadata));
            tasks.Add(Task($"dup-{i:D5}", TaskTypes.FileDuplicateCheck, item, metadata, $"hash-{i:D5}"));
        }
        return new JobSpec(jobId, "duplicate search", TaskPriority.Normal, tasks) { Roots = Roots(options) };
    }

    /// <summary>Neighbouring ranges joined <paramref name="by"/> at a time.</summary>
    private static List<(long Low, long High)> Merge(IReadOnlyList<(long Low, long High)> ranges, int by) =>
        [.. ranges.Chunk(by).Select(c => (c[0].Low, c[^1].High))];

    /// <summary>
    /// An upper estimate of <paramref name="spec"/>'s size as a job file inside a management request: the job file is
    /// JSON text carried as a string in the request's JSON, whose default encoder writes each quote as <c>\u0022</c>
    /// and each character other than ASCII letters, digits and a few safe signs as up to seven bytes.
    /// What <see cref="OrganizeOptions.MaxSpecBytes"/> bounds.
    /// </summary>
    public static long EstimatedBytes(JobSpec spec)
    {
        static long Text(string s)
        {
            long bytes = 12;
            foreach (var c in s) bytes += char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or ':' or ' ' ? 1 : 7;
            return bytes;
        }
        var bytes = 300 + Text(spec.JobId) + Text(spec.Name) + spec.Roots.Sources.Sum(Text) + Text(spec.Roots.Target ?? "");
        foreach (var t in spec.Tasks)
            bytes += 120 + Text(t.Id) + Text(t.Type) + t.Items.Sum(Text) + t.DependsOn.Sum(Text) + t.Metadata.Sum(kv => Text(kv.Key) + Text(kv.Value));
        return bytes;
    }

    private static int HashBatch(int perTask) => (int)Math.Min(int.MaxValue, (long)perTask * HashBatchFactor);

    private static KaneTask Task(string id, string type, string item, Dictionary<string, string> metadata, params string[] dependsOn) =>
        new(id, type, TaskPriority.Normal, [item]) { Metadata = metadata, DependsOn = dependsOn };

    private static Dictionary<string, string> Common(OrganizeOptions options) => new(StringComparer.Ordinal)
    {
        [OrganizeKeys.Catalog] = options.CatalogPath,
    };

    /// <summary>The job's roots: the sources and the target; a dry run's state folder is a source too (its catalog lives there).</summary>
    public static JobRoots Roots(OrganizeOptions options)
    {
        var sources = options.Sources.ToList();
        if (!OrganizeValidation.IsInside(options.StateDirectory, options.Target) && !sources.Any(s => OrganizeValidation.IsInside(options.StateDirectory, s)))
            sources.Add(options.StateDirectory);
        return new JobRoots(sources, options.Target);
    }
}
