namespace Kane.Organize.Catalog;

/// <summary>One file of a run as the catalog holds it; later phases fill the nullable columns.</summary>
/// <param name="Hash">Full content hash (<c>xxh128:…</c>); set only for files that share size and head with another file.</param>
/// <param name="DupOf">The id of the original when this file is a duplicate of it.</param>
/// <param name="Taken">The file's date (EXIF DateTimeOriginal or local modification time), <c>yyyy-MM-ddTHH:mm:ss</c>.</param>
/// <param name="Action">The plan: one of <see cref="PlanActions"/>.</param>
/// <param name="Target">Full target path of a move or duplicate move; the original's target for link and delete.</param>
public sealed record CatalogFile(long Id, string Path, long Size, long MtimeMs, ulong Device, ulong Inode, string? Hash, long? DupOf,
    string? Category, string? Format, string? Taken, string? Camera, string? Action, string? Target, bool Done, string? Error);

/// <summary>What the plan does with a file.</summary>
public static class PlanActions
{
    /// <summary>Move to its target under the layout.</summary>
    public const string Move = "move";
    /// <summary>A duplicate moved to <c>DST/duplicates/</c> under the layout.</summary>
    public const string MoveDuplicate = "move-duplicate";
    /// <summary>A duplicate left where it is.</summary>
    public const string Skip = "skip";
    /// <summary>A duplicate deleted (its original is kept).</summary>
    public const string Delete = "delete";
    /// <summary>A duplicate replaced by a hard link to its original.</summary>
    public const string Link = "link";
    /// <summary>Already where the layout puts it (or identical to the file there): nothing to do.</summary>
    public const string InPlace = "in-place";

    /// <summary>True for actions that change the file system.</summary>
    public static bool Changes(string? action) => action is Move or MoveDuplicate or Delete or Link;
}
