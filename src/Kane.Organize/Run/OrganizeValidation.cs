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
        var target = Full(options.Target);
        if (File.Exists(target))
            throw new OrganizeUsageException($"the target {target} is a file; --into needs a folder (it is created if missing)");
        var sources = new List<string>();
        foreach (var s in options.Sources)
        {
            var full = Full(s);
            if (File.Exists(full))
                throw new OrganizeUsageException($"the source {full} is a file; give the folder that holds it");
            if (!Directory.Exists(full))
                throw new OrganizeUsageException($"the source {full} does not exist");
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
            StateDirectory = string.IsNullOrEmpty(options.StateDirectory) ? OrganizeOptions.DefaultStateDirectory(target) : Full(options.StateDirectory),
        };
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies under it.</summary>
    public static bool IsInside(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static string Full(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
