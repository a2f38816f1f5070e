using System.Globalization;

namespace Kane.Cli.Organize;

/// <summary>
/// The temporary state folder of <c>kane organize --dry-run</c> (<c>TMP/kane-dry-run-PID-RANDOM</c>), which keeps the
/// dry run's catalog and journal out of SRC and DST. It is removed when the run ends, however it ends that a process
/// can notice (success, error, Ctrl-C, SIGTERM, SIGHUP: Program turns the signals into cancellation). A process killed
/// outright (SIGKILL, a crash) cannot clean up, so every new dry run first removes the folders whose owner is gone:
/// its process id no longer runs, or the id was reused and the owner's lock on <c>.owner</c> is free.
/// </summary>
internal sealed class DryRunState : IDisposable
{
    public const string Prefix = "kane-dry-run-";
    private const string OwnerFile = ".owner";

    /// <summary>Folders of the first version (<c>kane-dry-run-HEX</c>, no owner recorded) older than this are taken as left behind.</summary>
    private static readonly TimeSpan LegacyAge = TimeSpan.FromDays(1);

    private readonly FileStream _owner;

    private DryRunState(string path, FileStream owner)
    {
        Path = path;
        _owner = owner;
    }

    /// <summary>The folder; the run's state folder goes inside it.</summary>
    public string Path { get; }

    /// <summary>Removes stale dry-run folders under <paramref name="parent"/> (default: the temporary folder), then makes this run's.</summary>
    public static DryRunState Create(string? parent = null)
    {
        parent ??= System.IO.Path.GetTempPath();
        SweepStale(parent);
        var path = System.IO.Path.Combine(parent, $"{Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..12]}");
        Directory.CreateDirectory(path);
        // .NET locks a file opened with FileShare.None (flock, LOCK_EX) for as long as the stream is open: a sweep
        // that can open it the same way knows the owner is gone even if its process id now names another process.
        var owner = new FileStream(System.IO.Path.Combine(path, OwnerFile), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        return new DryRunState(path, owner);
    }

    /// <summary>Deletes the dry-run folders under <paramref name="parent"/> that no live run owns; returns how many.</summary>
    public static int SweepStale(string parent)
    {
        string[] folders;
        try
        {
            folders = Directory.GetDirectories(parent, Prefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
        var removed = 0;
        foreach (var folder in folders)
        {
            if (!IsStale(folder)) continue;
            if (TryDelete(folder)) removed++;
        }
        return removed;
    }

    private static bool IsStale(string folder)
    {
        var name = System.IO.Path.GetFileName(folder)[Prefix.Length..];
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow - LegacyAge;
        if (pid == Environment.ProcessId) return false; // ours: a run in this process (tests) ends on its own
        if (!Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}")) return true;
        try
        {
            // The id runs: stale only if nobody holds the owner's lock (the id was reused). No .owner yet means the
            // owner is between making the folder and locking it.
            using var probe = new FileStream(System.IO.Path.Combine(folder, OwnerFile), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _owner.Dispose();
        TryDelete(Path);
    }
}
