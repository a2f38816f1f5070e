using System.Runtime.CompilerServices;

namespace Kane.Actors;

/// <summary>
/// The directories a job may touch: where its files come from and where they go. Handlers refuse any path outside
/// them (a task naming /etc/passwd fails as EINVAL).
/// </summary>
public sealed record JobRoots(IReadOnlyList<string> Sources, string? Target)
{
    public static readonly JobRoots None = new([], null);

    // The roots in full form, worked out once per instance: handlers resolve every path they touch (10^5 per task
    // in a duplicate search), and normalising each root again per path cost 30–60 ms of CPU per 85,000 paths. Kept
    // outside the record so that equality and `with` copies are those of (Sources, Target) alone.
    private static readonly ConditionalWeakTable<JobRoots, string[]> Normalized = new();

    /// <summary>Every root, full and without a trailing separator.</summary>
    public IEnumerable<string> All => Array.AsReadOnly(Roots());

    /// <summary>The full form of <paramref name="path"/> when it lies inside a root.</summary>
    /// <exception cref="TaskFailedException">EINVAL when it does not (or when the job has no roots).</exception>
    public string Resolve(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Contains('\0'))
            throw new TaskFailedException(TaskError.Fatal(ErrorCodes.EINVAL, "empty path or a path with a NUL character"));
        var full = Path.GetFullPath(path);
        foreach (var root in Roots())
            if (full.Length == root.Length ? full == root : full.StartsWith(root, StringComparison.Ordinal) && (root.EndsWith(Path.DirectorySeparatorChar) || full[root.Length] == Path.DirectorySeparatorChar))
                return full;
        throw new TaskFailedException(TaskError.Fatal(ErrorCodes.EINVAL, $"'{path}' is outside the job's roots ({string.Join(", ", All)}): a handler only touches files under them"));
    }

    private string[] Roots() =>
        Normalized.GetValue(this, static r => [.. r.Sources.Append(r.Target).OfType<string>().Select(Normalize)]);

    private static string Normalize(string root)
    {
        var full = Path.GetFullPath(root);
        return full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar) : full;
    }
}
