using System.Globalization;
using Kane.Actors;
using Kane.Organize.Catalog;
using Kane.Organize.Hashing;
using Kane.Organize.Layout;
using Kane.Organize.Planning;

namespace Kane.Organize.Handlers;

/// <summary>
/// <c>file-organize</c>: plans the whole run at once (<see cref="Planner"/>: targets from the layout, conflicts,
/// duplicate policy) and records the plan; a conflict is only known with every file in view, so this is one task.
/// Runs once per run: a recorded plan is kept (files may already have moved by it).
/// </summary>
public sealed class FileOrganizeHandler : ITaskHandler
{
    public const string PlannedMeta = "plan.done";

    public string TaskType => TaskTypes.FileOrganize;

    public IReadOnlyCollection<string> Capabilities => [];

    public ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        using var catalog = TaskInputs.OpenCatalog(context);
        var target = context.ResolvePath(TaskInputs.RequiredSetting(context, catalog, OrganizeKeys.Target));
        LayoutTemplate layout;
        try
        {
            layout = TaskInputs.Setting(context, catalog, OrganizeKeys.Layout) is { } text ? LayoutTemplate.Parse(text) : LayoutTemplate.Default;
        }
        catch (LayoutTemplateException e)
        {
            throw TaskInputs.Invalid(context, e.Message);
        }
        var policy = DuplicatePolicy.Move;
        if (TaskInputs.Setting(context, catalog, OrganizeKeys.Duplicates) is { } d && !DuplicatePolicies.TryParse(d, out policy))
            throw TaskInputs.Invalid(context, $"duplicates must be move, skip, delete or link, not '{d}'");
        if (catalog.GetMeta(PlannedMeta) is not null)
            return ValueTask.FromResult(new TaskOutcome { Output = new Dictionary<string, string> { ["skipped"] = "already planned" } });
        var files = catalog.AllFiles();
        foreach (var f in files) context.ResolvePath(f.Path);
        var plan = Planner.Plan(files, target, layout, policy, p => File.Exists(p) || Directory.Exists(p), (f, existing) => SameContent(f, existing, cancellationToken));
        catalog.SetPlan([.. plan.Select(p => (p.Id, p.Action, p.Target))]);
        catalog.SetMeta(PlannedMeta, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return ValueTask.FromResult(new TaskOutcome
        {
            Output = plan.GroupBy(p => p.Action).ToDictionary(g => g.Key, g => g.Count().ToString(CultureInfo.InvariantCulture)),
        });
    }

    /// <summary>True when the file at <paramref name="existing"/> (not one of the run's) has the same size and full hash.</summary>
    private static bool SameContent(CatalogFile file, string existing, CancellationToken cancellationToken)
    {
        try
        {
            if (!File.Exists(existing) || new FileInfo(existing).Length != file.Size) return false;
            using var a = FileHashing.OpenRead(file.Path);
            using var b = FileHashing.OpenRead(existing);
            return FileHashing.Full(a, ContentHashAlgorithm.Xxh128, cancellationToken).Hash == FileHashing.Full(b, ContentHashAlgorithm.Xxh128, cancellationToken).Hash;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
