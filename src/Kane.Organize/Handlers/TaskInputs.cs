using System.Globalization;
using Kane.Actors;
using Kane.Organize.Catalog;

namespace Kane.Organize.Handlers;

/// <summary>Reads and checks what an organize task carries; every failure is EINVAL with a message naming the task.</summary>
internal static class TaskInputs
{
    /// <summary>Opens the catalog the task names, which must be a <c>.kane/catalog.db</c> inside the job's roots.</summary>
    public static OrganizeCatalog OpenCatalog(TaskContext context)
    {
        var path = context.ResolvePath(Required(context, OrganizeKeys.Catalog));
        if (Path.GetFileName(path) != OrganizeCatalog.FileName || Path.GetFileName(Path.GetDirectoryName(path)) != ".kane")
            throw Invalid(context, $"the catalog must be a .kane/{OrganizeCatalog.FileName} file, not '{path}'");
        return OrganizeCatalog.OpenShared(path);
    }

    public static string Required(TaskContext context, string key) =>
        context.Task.Metadata.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw Invalid(context, $"metadata \"{key}\" is missing");

    /// <summary>
    /// A run setting: from the task's metadata if it has it, else from the catalog, where the run driver writes every
    /// setting once (<c>opt.KEY</c>) so that tasks stay small on the wire.
    /// </summary>
    public static string? Setting(TaskContext context, OrganizeCatalog catalog, string key) =>
        context.Task.Metadata.TryGetValue(key, out var value) ? value : catalog.GetMeta(SettingPrefix + key);

    public static string RequiredSetting(TaskContext context, OrganizeCatalog catalog, string key) =>
        Setting(context, catalog, key) is { Length: > 0 } value ? value : throw Invalid(context, $"setting \"{key}\" is in neither the task nor the catalog");

    /// <summary>Prefix of the run settings in the catalog's metadata.</summary>
    public const string SettingPrefix = "opt.";

    /// <summary>The task's one item, an inclusive range <c>LOW-HIGH</c> of ids or sizes.</summary>
    public static (long Low, long High) Range(TaskContext context)
    {
        if (context.Task.Items is [var item] && item.Split('-') is [var a, var b]
            && long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            && long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var high) && low <= high)
            return (low, high);
        throw Invalid(context, $"expects one item LOW-HIGH (a range of catalog ids or sizes), not [{string.Join(", ", context.Task.Items)}]");
    }

    public static string RangeItem(long low, long high) => string.Create(CultureInfo.InvariantCulture, $"{low}-{high}");

    public static TaskFailedException Invalid(TaskContext context, string why) =>
        new(TaskError.Fatal(ErrorCodes.EINVAL, $"task {context.Task.Id} ({context.Task.Type}): {why}"));

    public static int Parallelism => Math.Max(2, Environment.ProcessorCount);
}
