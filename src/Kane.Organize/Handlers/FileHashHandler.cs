using System.Globalization;
using Kane.Actors;
using Kane.Organize.Dedup;

namespace Kane.Organize.Handlers;

/// <summary>
/// <c>file-hash</c>: over a range of file sizes (its item <c>LOW-HIGH</c>), hashes only the files that share a size
/// with another inode, cheapest hash first (<see cref="StagedHasher"/>), and records the full hashes. Skips a range
/// already recorded. Files it cannot read get an error in the catalog; the task still succeeds.
/// </summary>
public sealed class FileHashHandler : ITaskHandler
{
    public string TaskType => TaskTypes.FileHash;

    public IReadOnlyCollection<string> Capabilities => [];

    public ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var (low, high) = TaskInputs.Range(context);
        using var catalog = TaskInputs.OpenCatalog(context);
        if (catalog.SizeRangeFlag("hashed", low, high))
            return ValueTask.FromResult(new TaskOutcome { Output = new Dictionary<string, string> { ["skipped"] = "already hashed" } });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var files = catalog.HashCandidates(low, high);
        foreach (var f in files) context.ResolvePath(f.Path);
        var read = clock.ElapsedMilliseconds;
        var (hashes, errors) = StagedHasher.Hash(files, TaskInputs.Parallelism, cancellationToken);
        var hashed = clock.ElapsedMilliseconds;
        catalog.SetErrors(errors);
        catalog.SetHashes(low, high, files.Count, hashes);
        return ValueTask.FromResult(new TaskOutcome(files.Sum(f => f.Size))
        {
            Output = new Dictionary<string, string>
            {
                ["files"] = files.Count.ToString(CultureInfo.InvariantCulture),
                ["full-hashes"] = hashes.Count.ToString(CultureInfo.InvariantCulture),
                ["errors"] = errors.Count.ToString(CultureInfo.InvariantCulture),
                ["ms"] = string.Create(CultureInfo.InvariantCulture, $"read {read}, hash {hashed - read}, write {clock.ElapsedMilliseconds - hashed}"),
            },
        });
    }
}
