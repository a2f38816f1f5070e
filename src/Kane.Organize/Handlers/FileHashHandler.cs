using System.Globalization;
using Kane.Actors;
using Kane.Organize.Catalog;
using Kane.Organize.Dedup;

namespace Kane.Organize.Handlers;

/// <summary>
/// <c>file-hash</c>: over a range of file sizes (its item <c>LOW-HIGH</c>), hashes only the files that share a size
/// with another inode, cheapest hash first (<see cref="StagedHasher"/>), and records the full hashes. Skips a range
/// already recorded. Files it cannot read get an error in the catalog; the task still succeeds. Without
/// <c>paranoid</c> it also records the range's duplicate groups, which its <c>file-duplicate-check</c> task then finds
/// done.
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
        var duplicates = TaskInputs.Setting(context, catalog, OrganizeKeys.Paranoid) == "true" ? (int?)null : Check(catalog, low, high, files, hashes);
        return ValueTask.FromResult(new TaskOutcome(files.Sum(f => f.Size))
        {
            Output = new Dictionary<string, string>
            {
                ["files"] = files.Count.ToString(CultureInfo.InvariantCulture),
                ["full-hashes"] = hashes.Count.ToString(CultureInfo.InvariantCulture),
                ["errors"] = errors.Count.ToString(CultureInfo.InvariantCulture),
                ["duplicates"] = duplicates?.ToString(CultureInfo.InvariantCulture) ?? "left to the duplicate check (paranoid)",
                ["ms"] = string.Create(CultureInfo.InvariantCulture, $"read {read}, hash {hashed - read}, write and group {clock.ElapsedMilliseconds - hashed}"),
            },
        });
    }

    /// <summary>
    /// The range's duplicate check, from what this task holds: without a byte check (<c>paranoid</c>) the groups need
    /// only the size, hash, path and inode of the range's hashed files, which are exactly this task's candidates with
    /// a full hash (the task runs only while the range is not yet hashed, and a range never splits a size). Recorded
    /// as the <c>file-duplicate-check</c> task would (<see cref="OrganizeCatalog.SetDuplicates"/>, range flagged
    /// checked), so that task finds it done; it used to read the range back from the catalog and group it on its own,
    /// after the hash task, and the last checks of a search ran alone on one core. Returns the duplicates recorded.
    /// </summary>
    private static int Check(OrganizeCatalog catalog, long low, long high, IReadOnlyList<HashCandidate> files, IReadOnlyList<(long Id, string Hash)> hashes)
    {
        var hashOf = new Dictionary<long, string>(hashes.Count);
        foreach (var (id, hash) in hashes) hashOf[id] = hash;
        var hashed = new List<CatalogFile>(hashes.Count);
        foreach (var f in files)
            if (hashOf.TryGetValue(f.Id, out var hash))
                hashed.Add(new CatalogFile(f.Id, f.Path, f.Size, 0, f.Device, f.Inode, hash, null, null, null, null, null, null, null, false, null));
        var rows = DuplicateGroups.Find(hashed).SelectMany(g => g.Duplicates.Select(d => (d.Id, g.Original.Id))).ToList();
        catalog.SetDuplicates(low, high, hashed.Count, rows);
        return rows.Count;
    }
}
