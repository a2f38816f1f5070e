using Kane.Organize.Layout;
using Kane.Organize.Planning;

namespace Kane.Organize.Run;

/// <summary>Checks a run's paths and choices before anything is touched; every problem is one clear sentence.</summary>
public static class OrganizeValidation
{
    /// <summary>Full, checked options, or the reason they are refused.</summary>
    /// <exception cref="OrganizeUsageException">A missing source, a target that is a file, a source equal to the target
    /// or inside it as its own state folder, a bad layout, or delete without confirmation.</exception>
    public static OrganizeOptions Check(OrganizeOptions options, bool confirmed)
    {
        if (options.Sources.Count == 0)
            throw new OrganizeUsageException("give at least one source folder: kane organize SRC [SRC...] --into DST");
        if (string.IsNullOrWhiteSpace(options.Target))
            throw new OrganizeUsageException("give the target folder with --into DST");
        var given = Full(options.Target);
        // Compared by where they are, not by how they were named: a target reached through a symlink into a source
        // would otherwise be scanned as part of that source (its catalog and journal organised with the files).
        var target = Real(given);
        // (File.Exists is true for a dangling link itself, hence the checks on the resolved path.)
        if (new FileInfo(given).LinkTarget is { } link && !Directory.Exists(given) && (target == given || !File.Exists(target)))
            throw new OrganizeUsageException($"the target {given} is a symbolic link to {link}, which leads to no folder; create that folder or give another target");
        if (File.Exists(target))
            throw new OrganizeUsageException($"the target {target} is a file; --into needs a folder (it is created if missing)");
        if (NearestExisting(target) is { } ancestor && !Directory.Exists(ancestor))
            throw new OrganizeUsageException($"the target {target} cannot be created: {ancestor} is a file, not a folder");
        var sources = new List<string>();
        foreach (var s in options.Sources)
        {
            if (string.IsNullOrEmpty(s))
                throw new OrganizeUsageException("a source is an empty name; give each source folder's path");
            var named = Full(s);
            if (File.Exists(named))
                throw new OrganizeUsageException($"the source {named} is a file; give the folder that holds it");
            if (!Directory.Exists(named))
                throw new OrganizeUsageException($"the source {named} does not exist");
            // A source named through a symlink is walked at the folder it points to (the walk itself never follows links).
            var full = Real(named);
            if (full == target)
                throw new OrganizeUsageException($"the source and the target are the same folder ({full}); organise into another folder");
            if (IsInside(full, Path.Combine(target, ".kane")))
                throw new OrganizeUsageException($"the source {full} is inside the target's state folder {Path.Combine(target, ".kane")}");
            if (!sources.Contains(full)) sources.Add(full);
        }
        foreach (var s in sources)
            foreach (var other in sources)
                if (s != other && IsInside(s, other))
                    throw new OrganizeUsageException($"the source {s} is inside the source {other}; give each folder once");
        try
        {
            LayoutTemplate.Parse(options.Layout);
        }
        catch (LayoutTemplateException e)
        {
            throw new OrganizeUsageException($"bad --layout: {e.Message}");
        }
        if (options.Duplicates == DuplicatePolicy.Delete && !confirmed && !options.DryRun)
            throw new OrganizeUsageException("--duplicates delete deletes files: add --yes to confirm (or try --dry-run first)");
        return options with
        {
            Sources = sources,
            Target = target,
            StateDirectory = string.IsNullOrEmpty(options.StateDirectory) ? OrganizeOptions.DefaultStateDirectory(target) : Real(Full(options.StateDirectory)),
        };
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies under it.</summary>
    public static bool IsInside(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="full"/> with every symbolic link in it resolved, as the kernel walks it; the part that does not
    /// exist yet is kept as written. A link loop leaves the path as given (the checks then see what the kernel sees).
    /// </summary>
    internal static string Real(string full, int depth = 0)
    {
        var real = "";
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = real + "/" + part;
            string? link;
            try
            {
                link = new FileInfo(next).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                link = null;
            }
            if (link is null)
            {
                real = next;
                continue;
            }
            if (depth >= MaxLinks) return full;
            real = Real(Path.GetFullPath(link, real.Length == 0 ? "/" : real), depth + 1);
            if (real == "/") real = "";
        }
        return real.Length == 0 ? "/" : real;
    }

    /// <summary>The Linux limit on symbolic links followed in one lookup (beyond it, ELOOP).</summary>
    private const int MaxLinks = 40;

    /// <summary>The nearest of <paramref name="path"/> and its parents that exists (as a file or a folder), or null.</summary>
    private static string? NearestExisting(string path)
    {
        for (var p = path; !string.IsNullOrEmpty(p); p = Path.GetDirectoryName(p))
            if (Directory.Exists(p) || File.Exists(p)) return p;
        return null;
    }

    private static string Full(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
