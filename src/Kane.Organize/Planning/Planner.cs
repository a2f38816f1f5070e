using Kane.Organize.Catalog;
using Kane.Organize.Layout;
using Kane.Organize.Metadata;
using Kane.Organize.Signatures;

namespace Kane.Organize.Planning;

/// <summary>
/// Decides every file's target. Pure: the file system is consulted only through the two functions the caller passes.
/// Files are planned in ordinal path order, originals before duplicates, so the same catalog always yields the same
/// plan. A target taken by another planned file, or by a different file already on disk, becomes <c>name (1).ext</c>,
/// <c>name (2).ext</c>, ...; a file identical to the one already at its target is a duplicate of that file. In a
/// duplicate group the original is organised and the others follow the <see cref="DuplicatePolicy"/>.
/// </summary>
public static class Planner
{
    /// <summary>The folder under the target that receives moved duplicates.</summary>
    public const string DuplicatesFolder = "duplicates";

    /// <param name="files">The run's files (with category and date; files with an error are left alone).</param>
    /// <param name="target">The full target root.</param>
    /// <param name="exists">True when a path exists on disk.</param>
    /// <param name="sameContent">True when the file's content equals the existing file at a path.</param>
    public static IReadOnlyList<PlannedFile> Plan(IReadOnlyList<CatalogFile> files, string target, LayoutTemplate layout, DuplicatePolicy policy,
        Func<string, bool> exists, Func<CatalogFile, string, bool> sameContent)
    {
        var root = target.TrimEnd('/');
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var targets = new Dictionary<long, string>();
        var plan = new List<PlannedFile>(files.Count);
        var ordered = files.Where(f => f.Error is null && f.Category is not null && f.Taken is not null)
            .OrderBy(f => f.DupOf is null ? 0 : 1).ThenBy(f => f.Path, StringComparer.Ordinal);
        // A file already where it belongs keeps its place: reserve those first so nothing is planned over them.
        foreach (var f in ordered)
        {
            var at = Render(f, layout, f.DupOf is null ? root : root + "/" + DuplicatesFolder);
            if (at == f.Path) taken.Add(at);
        }
        foreach (var f in ordered)
        {
            if (f.DupOf is { } originalId)
            {
                var original = targets.GetValueOrDefault(originalId);
                if (original is null || policy == DuplicatePolicy.Skip)
                {
                    // The original is not organised (it failed) or duplicates stay: leave this one alone.
                    plan.Add(new PlannedFile(f.Id, PlanActions.Skip, null));
                    continue;
                }
                if (policy is DuplicatePolicy.Delete or DuplicatePolicy.Link)
                {
                    plan.Add(new PlannedFile(f.Id, policy == DuplicatePolicy.Delete ? PlanActions.Delete : PlanActions.Link, original));
                    continue;
                }
                var desired = Render(f, layout, root + "/" + DuplicatesFolder);
                if (desired == f.Path)
                {
                    plan.Add(new PlannedFile(f.Id, PlanActions.InPlace, f.Path));
                    continue;
                }
                var free = ConflictNaming.FirstFree(desired, c => taken.Contains(c) || exists(c));
                taken.Add(free);
                plan.Add(new PlannedFile(f.Id, PlanActions.MoveDuplicate, free));
                continue;
            }
            var wanted = Render(f, layout, root);
            if (wanted == f.Path)
            {
                targets[f.Id] = f.Path;
                plan.Add(new PlannedFile(f.Id, PlanActions.InPlace, f.Path));
                continue;
            }
            string? identical = null;
            var chosen = ConflictNaming.FirstFree(wanted, c =>
            {
                if (taken.Contains(c)) return true;
                if (!exists(c)) return false;
                if (identical is null && sameContent(f, c)) identical = c;
                return true;
            });
            if (identical is not null)
            {
                // The same content already sits at the target (an earlier run, or a copy the user made): this file is
                // a duplicate of it.
                taken.Add(identical);
                plan.Add(policy switch
                {
                    DuplicatePolicy.Skip => new PlannedFile(f.Id, PlanActions.Skip, null),
                    DuplicatePolicy.Delete => new PlannedFile(f.Id, PlanActions.Delete, identical),
                    DuplicatePolicy.Link => new PlannedFile(f.Id, PlanActions.Link, identical),
                    _ => Duplicate(f),
                });
                targets[f.Id] = identical;
                continue;
            }
            taken.Add(chosen);
            targets[f.Id] = chosen;
            plan.Add(new PlannedFile(f.Id, PlanActions.Move, chosen));
        }
        return plan;

        PlannedFile Duplicate(CatalogFile f)
        {
            var free = ConflictNaming.FirstFree(Render(f, layout, root + "/" + DuplicatesFolder), c => taken.Contains(c) || exists(c));
            taken.Add(free);
            return new PlannedFile(f.Id, PlanActions.MoveDuplicate, free);
        }
    }

    /// <summary>The full path the layout gives <paramref name="file"/> under <paramref name="root"/>.</summary>
    public static string Render(CatalogFile file, LayoutTemplate layout, string root)
    {
        var category = Enum.TryParse<FileCategory>(file.Category, ignoreCase: true, out var c) ? c : FileCategory.Other;
        var values = LayoutValues.ForFile(file.Path, category, FileDates.Parse(file.Taken!), file.Size, file.Camera);
        return root + "/" + layout.Render(values);
    }
}
