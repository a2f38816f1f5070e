using System.Collections.Concurrent;
using Kane.Organize.Scanning.Internal;

namespace Kane.Organize.Scanning;

/// <summary>
/// A parallel walk of folder trees. Symlinks are never followed (so a symlink loop cannot trap it): they are reported
/// and left in place, as are FIFOs, sockets and devices; an unreadable folder is reported and the walk goes on; an
/// excluded folder (the target inside a source) is not entered. The walk is iterative (deep trees cannot overflow a
/// stack) and stops taking new folders once it has seen <c>budget</c> entries: the folders left over are returned
/// for a later walk, so one huge tree becomes several tasks.
/// </summary>
public static class DirectoryWalker
{
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    /// <summary>Walks <paramref name="roots"/> (folders) with <paramref name="parallelism"/> threads.</summary>
    /// <param name="exclude">Full paths of folders not to enter (compared ordinally, no trailing separator).</param>
    /// <param name="budget">Entries after which no new folder is started.</param>
    public static ScanResult Walk(IReadOnlyList<string> roots, IReadOnlyCollection<string> exclude, int budget = int.MaxValue, int parallelism = 0,
        CancellationToken cancellationToken = default)
    {
        parallelism = parallelism > 0 ? parallelism : Math.Max(4, Environment.ProcessorCount * 2);
        var excluded = new HashSet<string>(exclude.Select(Trim), StringComparer.Ordinal);
        var queue = new ConcurrentQueue<string>();
        var files = new ConcurrentBag<ScannedFile>();
        var issues = new ConcurrentBag<ScanIssue>();
        var leftover = new ConcurrentBag<string>();
        long entries = 0;
        var directories = 0;
        var outstanding = 0;
        foreach (var root in roots)
        {
            var full = Trim(Path.GetFullPath(root));
            var (info, errno) = NativeStat.Lstat(full);
            if (info is null)
                issues.Add(new ScanIssue(full, ScanIssueKinds.Unreadable, $"cannot read the folder ({Errno.Name(errno)})"));
            else if (info.Value.Kind != EntryKind.Directory)
                issues.Add(new ScanIssue(full, ScanIssueKinds.Unreadable, "not a folder (a symlink or a file): scan roots must be real folders"));
            else if (!excluded.Contains(full))
            {
                queue.Enqueue(full);
                outstanding++;
            }
        }

        void Worker()
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref outstanding) > 0 && !cancellationToken.IsCancellationRequested)
            {
                if (!queue.TryDequeue(out var dir))
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                    continue;
                }
                spin.Reset();
                if (Interlocked.Read(ref entries) >= budget)
                    leftover.Add(dir);
                else
                {
                    Interlocked.Increment(ref directories);
                    var seen = WalkOne(dir, excluded, files, issues, sub =>
                    {
                        Interlocked.Increment(ref outstanding);
                        queue.Enqueue(sub);
                    });
                    Interlocked.Add(ref entries, seen);
                }
                Interlocked.Decrement(ref outstanding);
            }
        }

        var threads = Enumerable.Range(0, parallelism).Select(_ => new Thread(Worker, 256 * 1024) { IsBackground = true, Name = "kane-scan" }).ToList();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        cancellationToken.ThrowIfCancellationRequested();
        return new ScanResult([.. files], [.. issues], [.. leftover.Order(StringComparer.Ordinal)], directories);
    }

    private static int WalkOne(string dir, HashSet<string> excluded, ConcurrentBag<ScannedFile> files, ConcurrentBag<ScanIssue> issues, Action<string> subfolder)
    {
        var seen = 0;
        IEnumerator<string> names;
        try
        {
            names = Directory.EnumerateFileSystemEntries(dir, "*", Options).GetEnumerator();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            issues.Add(new ScanIssue(dir, ScanIssueKinds.Unreadable, $"cannot list the folder: {e.Message}"));
            return 0;
        }
        using (names)
        {
            while (true)
            {
                string path;
                try
                {
                    if (!names.MoveNext()) break;
                    path = names.Current;
                }
                catch (Exception e) when (e is UnauthorizedAccessException or IOException)
                {
                    issues.Add(new ScanIssue(dir, ScanIssueKinds.Unreadable, $"cannot list the folder: {e.Message}"));
                    break;
                }
                seen++;
                Classify(path, excluded, files, issues, subfolder);
            }
        }
        return seen;
    }

    private static void Classify(string path, HashSet<string> excluded, ConcurrentBag<ScannedFile> files, ConcurrentBag<ScanIssue> issues, Action<string> subfolder)
    {
        var (info, errno) = NativeStat.Lstat(path);
        if (info is not { } s)
        {
            // A name that is not valid UTF-8 decodes with U+FFFD and no longer names the file.
            if (path.Contains('\uFFFD') && errno == 2)
                issues.Add(new ScanIssue(path, ScanIssueKinds.BadName, "the name is not valid UTF-8 and cannot be addressed; left in place (rename it to organise it)"));
            else if (errno != 2)
                issues.Add(new ScanIssue(path, ScanIssueKinds.Unreadable, $"cannot read its status ({Errno.Name(errno)})"));
            return;
        }
        switch (s.Kind)
        {
            case EntryKind.File:
                files.Add(new ScannedFile(path, s.Size, s.MtimeMs, s.Device, s.Inode, s.Links));
                break;
            case EntryKind.Directory:
                if (!excluded.Contains(path)) subfolder(path);
                break;
            case EntryKind.Symlink:
                issues.Add(new ScanIssue(path, ScanIssueKinds.Symlink, "a symbolic link: not followed, left in place"));
                break;
            default:
                issues.Add(new ScanIssue(path, ScanIssueKinds.Special, $"a {s.Kind.ToString().ToLowerInvariant()}, not a regular file: skipped"));
                break;
        }
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd(Path.DirectorySeparatorChar) : path;
}
