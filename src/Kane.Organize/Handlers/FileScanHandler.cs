using System.Globalization;
using Kane.Actors;
using Kane.Organize.Scanning;

namespace Kane.Organize.Handlers;

/// <summary>
/// <c>file-scan</c>: walks the folders in its items (each inside the job's roots) in parallel and records every
/// regular file in the catalog, with the symlinks, special files and unreadable folders it leaves alone. After
/// <see cref="OrganizeKeys.Budget"/> entries it stops and adds the folders it did not reach as follow-up scan tasks,
/// so a huge tree spreads over the cluster. Recording is an upsert by path: a rerun changes nothing.
/// </summary>
public sealed class FileScanHandler : ITaskHandler
{
    public const int DefaultBudget = 100_000;

    /// <summary>Fewest folders a follow-up scan task gets (unless fewer are left).</summary>
    public const int MinFoldersPerFollowUp = 32;

    /// <summary>
    /// Most bytes of folder paths a scan hands to follow-ups, and a follow-up's share: the task's result carries them
    /// to its job, possibly on another node, in one remote message (<c>kane.remote.maximum-frame-size</c>, 128 kB).
    /// A tree with more folders left at the budget is walked further by this task instead.
    /// </summary>
    public const int MaxFollowUpBytes = 32 * 1024, MaxFollowUpTaskBytes = 16 * 1024;

    public string TaskType => TaskTypes.FileScan;

    public IReadOnlyCollection<string> Capabilities => [];

    public ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (context.Task.Items.Count == 0)
            throw TaskInputs.Invalid(context, "names no folder to scan");
        var roots = context.Task.Items.Select(context.ResolvePath).ToList();
        using var catalog = TaskInputs.OpenCatalog(context);
        var exclude = new List<string>();
        for (var i = 0; TaskInputs.Setting(context, catalog, OrganizeKeys.ExcludePrefix + i.ToString(CultureInfo.InvariantCulture)) is { } excluded; i++)
            exclude.Add(Path.GetFullPath(excluded));
        var budget = int.TryParse(TaskInputs.Setting(context, catalog, OrganizeKeys.Budget), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultBudget;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = DirectoryWalker.Walk(roots, exclude, budget, cancellationToken: cancellationToken, leftoverBytes: MaxFollowUpBytes);
        var walked = clock.ElapsedMilliseconds;
        // A mover's temporary file (a copy in flight when a process died) is the mover's to finish or remove, not a file to organise.
        var files = result.Files.Where(f => !Moving.SafeMover.IsTemporaryName(Path.GetFileName(f.Path))).ToList();
        catalog.AddScan(files, result.Issues);
        var recorded = clock.ElapsedMilliseconds;
        var followUps = FollowUpBatches(result.Leftover, FoldersPerFollowUp(result, budget)).Select((dirs, i) =>
            new KaneTask($"s{i}", TaskTypes.FileScan, context.Task.Priority, dirs) { Metadata = context.Task.Metadata }).ToList();
        return ValueTask.FromResult(new TaskOutcome(files.Sum(f => f.Size))
        {
            FollowUps = followUps,
            Output = new Dictionary<string, string>
            {
                ["files"] = files.Count.ToString(CultureInfo.InvariantCulture),
                ["folders"] = result.Directories.ToString(CultureInfo.InvariantCulture),
                ["issues"] = result.Issues.Count.ToString(CultureInfo.InvariantCulture),
                ["follow-ups"] = followUps.Count.ToString(CultureInfo.InvariantCulture),
                ["ms"] = string.Create(CultureInfo.InvariantCulture, $"walk {walked}, record {recorded - walked}"),
            },
        });
    }

    /// <summary>
    /// How many of the folders left over go into one follow-up: about a quarter of the budget's entries each, judged
    /// by the entries per folder this walk saw (at least <see cref="MinFoldersPerFollowUp"/>). A fixed handful of
    /// folders made a follow-up per ~1,000 files on a tree of small folders (a 200,000-file tree: ~50 follow-ups, each a
    /// dispatch, a walk start and a catalog transaction); a follow-up that finds more than the budget splits again.
    /// </summary>
    internal static int FoldersPerFollowUp(ScanResult result, int budget)
    {
        if (result.Directories == 0) return MinFoldersPerFollowUp; // nothing seen to judge by
        var entries = (long)result.Files.Count + result.Issues.Count + result.Directories;
        var perFolder = Math.Max(1.0, (double)entries / result.Directories);
        return (int)Math.Clamp(budget / 4.0 / perFolder, MinFoldersPerFollowUp, int.MaxValue);
    }

    /// <summary>The leftover folders in runs of at most <paramref name="perFollowUp"/> and about <see cref="MaxFollowUpTaskBytes"/>.</summary>
    private static IEnumerable<List<string>> FollowUpBatches(IEnumerable<string> folders, int perFollowUp) =>
        Kane.Actors.Internal.WireSize.ChunksBySize(folders, System.Text.Encoding.UTF8.GetByteCount, perFollowUp, MaxFollowUpTaskBytes);
}
