using System.Globalization;
using Kane.Actors;
using Kane.Organize.Catalog;
using Kane.Organize.Dedup;

namespace Kane.Organize.Handlers;

/// <summary>
/// <c>file-duplicate-check</c>: over a range of sizes already hashed, groups files by full hash into duplicate
/// groups (<see cref="DuplicateGroups"/>: hard links are one file, empty files never duplicates, the first path in
/// ordinal order is the original); with <c>paranoid=true</c> every duplicate is confirmed byte by byte against its
/// original. Records each duplicate's original. Skips a range already checked (without <c>paranoid</c> the range's
/// hash task has done it).
/// </summary>
public sealed class FileDuplicateCheckHandler : ITaskHandler
{
    public string TaskType => TaskTypes.FileDuplicateCheck;

    public IReadOnlyCollection<string> Capabilities => [];

    public ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var (low, high) = TaskInputs.Range(context);
        using var catalog = TaskInputs.OpenCatalog(context);
        // Without paranoid the hash task of the range records the groups with its hashes (FileHashHandler).
        if (catalog.SizeRangeFlag("checked", low, high))
            return ValueTask.FromResult(new TaskOutcome { Output = new Dictionary<string, string> { ["skipped"] = "already checked" } });
        var paranoid = TaskInputs.Setting(context, catalog, OrganizeKeys.Paranoid) == "true";
        var files = catalog.HashedFiles(low, high).Where(f => f.Error is null).ToList();
        foreach (var f in files) context.ResolvePath(f.Path);
        var groups = DuplicateGroups.Find(files, paranoid ? (a, b) => ByteCompare.Same(a.Path, b.Path, cancellationToken) : null);
        var rows = groups.SelectMany(g => g.Duplicates.Select(d => (d.Id, g.Original.Id))).ToList();
        catalog.SetDuplicates(low, high, files.Count, rows);
        return ValueTask.FromResult(new TaskOutcome
        {
            Output = new Dictionary<string, string>
            {
                ["groups"] = groups.Count.ToString(CultureInfo.InvariantCulture),
                ["duplicates"] = rows.Count.ToString(CultureInfo.InvariantCulture),
                ["reclaimable-bytes"] = groups.Sum(g => g.Reclaimable).ToString(CultureInfo.InvariantCulture),
            },
        });
    }
}
