namespace Kane.Organize.Handlers;

/// <summary>
/// The settings the organize handlers read: <see cref="Catalog"/> from the task's metadata, the others from the task's
/// metadata when present, else from the catalog (<c>opt.KEY</c>, written once by the run driver).
/// </summary>
public static class OrganizeKeys
{
    /// <summary>Full path of the run's catalog (<c>…/.kane/catalog.db</c>, inside the job's roots).</summary>
    public const string Catalog = "catalog";
    /// <summary>The target root.</summary>
    public const string Target = "target";
    /// <summary>Prefix of folders the scan does not enter: <c>exclude.0</c>, <c>exclude.1</c>, ...</summary>
    public const string ExcludePrefix = "exclude.";
    /// <summary>Entries a scan task walks before it hands the remaining folders to follow-up tasks.</summary>
    public const string Budget = "budget";
    public const string Layout = "layout";
    /// <summary><c>move</c>, <c>skip</c>, <c>delete</c> or <c>link</c>.</summary>
    public const string Duplicates = "duplicates";
    /// <summary><c>true</c> to confirm duplicates byte by byte.</summary>
    public const string Paranoid = "paranoid";
    /// <summary>For file-move: <c>move</c> (moves and duplicate moves) or <c>dedup</c> (links and deletes, after every move).</summary>
    public const string MovePhase = "phase";
    /// <summary>The run's id (<c>org-KEY-gN</c>): names its move journals, so a resumed attempt finishes the journal of the one before.</summary>
    public const string Run = "run";
    /// <summary>For file-move: the folder of the move journals (<c>DST/.kane/moves</c>).</summary>
    public const string Journal = "journal";
}
