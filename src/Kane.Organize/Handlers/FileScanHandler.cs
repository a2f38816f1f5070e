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
    private const int FoldersPerFollowUp = 32;

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
        var result = DirectoryWalker.Walk(roots, exclude, budget, cancellationToken: cancellationToken);
        // A mover's temporary file (a copy in flight when a process died) is the mover's to finish or remove, not a file to organise.
        var files = result.Files.Where(f => !Moving.SafeMover.IsTemporaryName(Path.GetFileName(f.Path))).ToList();
        catalog.AddScan(files, result.Issues);
        var followUps = result.Leftover.Chunk(FoldersPerFollowUp).Select((dirs, i) =>
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
            },
        });
    }
}
