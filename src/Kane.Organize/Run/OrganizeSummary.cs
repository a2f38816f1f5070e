using Kane.Organize.Catalog;
using Kane.Organize.Scanning;

namespace Kane.Organize.Run;

/// <summary>What a run did (or, for a dry run, would do), read from its catalog and its jobs.</summary>
/// <param name="Categories">Files per category.</param>
/// <param name="Actions">Files per planned action (<see cref="PlanActions"/>).</param>
/// <param name="DuplicateGroups">Groups of files with the same content.</param>
/// <param name="ReclaimableBytes">Bytes the duplicates take (hard links to one inode counted once).</param>
/// <param name="ReclaimedBytes">Bytes freed by deleting or linking duplicates.</param>
/// <param name="Errors">Files or folders that could not be handled, with the reason.</param>
/// <param name="Notes">Things left alone by design (symlinks, special files).</param>
/// <param name="Folders">For the plan: files per target folder.</param>
/// <param name="Moves">For the plan: the first moves (source, target).</param>
/// <param name="Groups">For the plan: the first duplicate groups (original, duplicates).</param>
/// <param name="JobId">The organize job (its moves are undone with <c>kane jobs undo JOB</c>).</param>
public sealed record OrganizeSummary(long Files, long Bytes, IReadOnlyDictionary<string, long> Categories, IReadOnlyDictionary<string, long> Actions,
    long Done, int DuplicateGroups, long DuplicateFiles, long ReclaimableBytes, long ReclaimedBytes,
    IReadOnlyList<(string Path, string Reason)> Errors, IReadOnlyList<ScanIssue> Notes,
    IReadOnlyDictionary<string, long> Folders, IReadOnlyList<(string Source, string Target)> Moves,
    IReadOnlyList<(string Original, IReadOnlyList<string> Duplicates)> Groups, string JobId, bool DryRun)
{
    public const int ListLimit = 20;

    /// <summary>Reads the summary from <paramref name="catalog"/>; <paramref name="taskErrors"/> are failed tasks of the run's jobs.</summary>
    public static OrganizeSummary From(OrganizeCatalog catalog, IEnumerable<(string, string)> taskErrors, string jobId, bool dryRun)
    {
        var files = catalog.AllFiles();
        var issues = catalog.Issues();
        var byId = files.ToDictionary(f => f.Id);
        var groups = files.Where(f => f.DupOf is not null).GroupBy(f => f.DupOf!.Value).OrderBy(g => byId[g.Key].Path, StringComparer.Ordinal).ToList();
        var reclaimable = groups.Sum(g => g.Select(f => (f.Device, f.Inode)).Distinct().Count() * byId[g.Key].Size);
        var reclaimed = files.Where(f => f.Done && f.Action is PlanActions.Delete or PlanActions.Link).GroupBy(f => (f.Device, f.Inode)).Sum(g => g.First().Size);
        var errors = files.Where(f => f.Error is not null).Select(f => (f.Path, f.Error!))
            .Concat(issues.Where(i => ScanIssueKinds.IsError(i.Kind)).Select(i => (i.Path, i.Reason)))
            .Concat(taskErrors).ToList();
        var moving = files.Where(f => f.Action is PlanActions.Move or PlanActions.MoveDuplicate && f.Target is not null).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        return new OrganizeSummary(
            files.Count, files.Sum(f => f.Size),
            files.Where(f => f.Category is not null).GroupBy(f => f.Category!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count()),
            files.Where(f => f.Action is not null).GroupBy(f => f.Action!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count()),
            files.Count(f => f.Done), groups.Count, groups.Sum(g => g.Count()), reclaimable, reclaimed, errors,
            [.. issues.Where(i => !ScanIssueKinds.IsError(i.Kind))],
            moving.GroupBy(f => Path.GetDirectoryName(f.Target!)!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count()),
            [.. moving.Take(ListLimit).Select(f => (f.Path, f.Target!))],
            [.. groups.Take(ListLimit).Select(g => (byId[g.Key].Path, (IReadOnlyList<string>)[.. g.Select(f => f.Path).Order(StringComparer.Ordinal)]))],
            jobId, dryRun);
    }

    /// <summary>True when some file or folder could not be handled (the command exits 1).</summary>
    public bool HasErrors => Errors.Count > 0;
}
