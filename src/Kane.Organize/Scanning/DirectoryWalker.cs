using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Unicode;
using Kane.Organize.Moving;
using Kane.Organize.Moving.Internal;
using Kane.Organize.Scanning.Internal;

namespace Kane.Organize.Scanning;

/// <summary>
/// A parallel walk of folder trees. Symlinks are never followed (so a symlink loop cannot trap it): they are reported
/// and left in place, as are FIFOs, sockets and devices; an unreadable folder is reported and the walk goes on; an
/// excluded folder (the target inside a source) is not entered. The walk is iterative (deep trees cannot overflow a
/// stack) and stops taking new folders once it has seen <c>budget</c> entries: the folders left over are returned
/// for a later walk, so one huge tree becomes several tasks. Each folder is read through its descriptor
/// (<c>getdents64</c>): the listing's entry type sorts folders, links and special files without a stat, and a regular
/// file's size, time and inode come from <c>statx</c> relative to the folder, not from a lookup of its full path.
/// </summary>
public static class DirectoryWalker
{
    /// <summary>Walks <paramref name="roots"/> (folders) with <paramref name="parallelism"/> threads.</summary>
    /// <param name="exclude">Full paths of folders not to enter (compared ordinally, no trailing separator).</param>
    /// <param name="budget">Entries after which no new folder is started.</param>
    /// <param name="leftoverBytes">Most bytes of folder paths left over: past it the walk goes on past the budget, so
    /// the leftover (the follow-up tasks of a scan) stays small enough to travel between nodes in one message.</param>
    public static ScanResult Walk(IReadOnlyList<string> roots, IReadOnlyCollection<string> exclude, int budget = int.MaxValue, int parallelism = 0,
        CancellationToken cancellationToken = default, long leftoverBytes = long.MaxValue)
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
        long leftoverUsed = 0;
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
            var scratch = new Scratch();
            while (Volatile.Read(ref outstanding) > 0 && !cancellationToken.IsCancellationRequested)
            {
                if (!queue.TryDequeue(out var dir))
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                    continue;
                }
                spin.Reset();
                if (Interlocked.Read(ref entries) >= budget && Reserve(ref leftoverUsed, Encoding.UTF8.GetByteCount(dir), leftoverBytes))
                    leftover.Add(dir);
                else
                {
                    Interlocked.Increment(ref directories);
                    var seen = WalkOne(dir, scratch, excluded, files, issues, sub =>
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

    /// <summary>Adds <paramref name="size"/> to <paramref name="used"/> unless that passes <paramref name="limit"/>.</summary>
    private static bool Reserve(ref long used, long size, long limit)
    {
        while (true)
        {
            var now = Volatile.Read(ref used);
            if (now + size > limit) return false;
            if (Interlocked.CompareExchange(ref used, now + size, now) == now) return true;
        }
    }

    private static unsafe int WalkOne(string dir, Scratch scratch, HashSet<string> excluded, ConcurrentBag<ScannedFile> files, ConcurrentBag<ScanIssue> issues, Action<string> subfolder)
    {
        int fd;
        fixed (byte* path = PosixNames.ToCString(dir))
        {
            do fd = Libc.Open(path, Libc.ORdOnly | Libc.ODirectory | Libc.ONoFollow | Libc.OCloExec, 0);
            while (fd < 0 && Libc.LastError == Libc.EINTR);
        }
        if (fd < 0)
        {
            issues.Add(new ScanIssue(dir, ScanIssueKinds.Unreadable, $"cannot list the folder ({Errno.Name(Libc.LastError)})"));
            return 0;
        }
        var seen = 0;
        var prefix = dir.EndsWith('/') ? dir : dir + "/";
        try
        {
            fixed (byte* buffer = scratch.Listing)
            {
                while (true)
                {
                    var read = Libc.Getdents64(fd, buffer, (nuint)scratch.Listing.Length);
                    if (read == 0) break;
                    if (read < 0)
                    {
                        var errno = Libc.LastError;
                        if (errno == Libc.EINTR) continue;
                        issues.Add(new ScanIssue(dir, ScanIssueKinds.Unreadable, $"cannot list the folder ({Errno.Name(errno)})"));
                        break;
                    }
                    // struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[] (NUL-terminated).
                    for (nint at = 0; at < read;)
                    {
                        var entry = buffer + at;
                        var length = *(ushort*)(entry + 16);
                        at += length;
                        var name = new ReadOnlySpan<byte>(entry + 19, length - 19);
                        name = name[..name.IndexOf((byte)0)];
                        if (name is [(byte)'.'] or [(byte)'.', (byte)'.']) continue;
                        seen++;
                        Classify(fd, entry + 19, name, entry[18], prefix, scratch, excluded, files, issues, subfolder);
                    }
                }
            }
        }
        finally
        {
            Libc.Close(fd);
        }
        return seen;
    }

    // d_type values (dirent.h).
    private const byte DtFifo = 1, DtChr = 2, DtDir = 4, DtBlk = 6, DtLnk = 10, DtSock = 12;

    private static unsafe void Classify(int dirFd, byte* rawName, ReadOnlySpan<byte> name, byte type, string prefix, Scratch scratch,
        HashSet<string> excluded, ConcurrentBag<ScannedFile> files, ConcurrentBag<ScanIssue> issues, Action<string> subfolder)
    {
        var chars = name.Length <= scratch.Name.Length ? scratch.Name : new char[name.Length];
        if (Utf8.ToUtf16(name, chars, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            // .NET's file APIs and the catalog carry names as UTF-8 text: such a name cannot be addressed downstream.
            issues.Add(new ScanIssue(prefix + Encoding.UTF8.GetString(name), ScanIssueKinds.BadName,
                "the name is not valid UTF-8 and cannot be addressed; left in place (rename it to organise it)"));
            return;
        }
        var path = string.Concat(prefix.AsSpan(), chars.AsSpan(0, written));
        // The entry's type comes with the listing on most file systems: folders, links and special files need no stat.
        var kind = type switch
        {
            DtDir => EntryKind.Directory,
            DtLnk => EntryKind.Symlink,
            DtFifo => EntryKind.Fifo,
            DtSock => EntryKind.Socket,
            DtChr or DtBlk => EntryKind.Device,
            _ => EntryKind.Unknown,
        };
        StatInfo s = default;
        if (kind == EntryKind.Unknown)
        {
            // A regular file (its size, time and inode are recorded), or DT_UNKNOWN from a file system that does not fill d_type.
            var (info, errno) = NativeStat.StatAt(dirFd, rawName);
            if (info is null)
            {
                if (errno != Libc.ENOENT) // gone since the listing: nothing to report
                    issues.Add(new ScanIssue(path, ScanIssueKinds.Unreadable, $"cannot read its status ({Errno.Name(errno)})"));
                return;
            }
            s = info.Value;
            kind = s.Kind;
        }
        switch (kind)
        {
            case EntryKind.File:
                files.Add(new ScannedFile(path, s.Size, s.MtimeMs, s.Device, s.Inode, s.Links));
                break;
            case EntryKind.Directory:
                // Another run's state folder (its catalog and move journals: its undo) is not a folder of files to sort.
                if (name.SequenceEqual(".kane"u8) && (File.Exists(path + "/catalog.db") || Directory.Exists(path + "/moves")))
                    issues.Add(new ScanIssue(path, ScanIssueKinds.Special, "the state folder of a kane organize run (its catalog and move journals): not entered, left in place"));
                else if (!excluded.Contains(path)) subfolder(path);
                break;
            case EntryKind.Symlink:
                issues.Add(new ScanIssue(path, ScanIssueKinds.Symlink, "a symbolic link: not followed, left in place"));
                break;
            default:
                issues.Add(new ScanIssue(path, ScanIssueKinds.Special, $"a {kind.ToString().ToLowerInvariant()}, not a regular file: skipped"));
                break;
        }
    }

    /// <summary>One walker thread's buffers: the raw listing and a decoded name.</summary>
    private sealed class Scratch
    {
        public readonly byte[] Listing = GC.AllocateUninitializedArray<byte>(64 * 1024, pinned: true);
        public readonly char[] Name = new char[512];
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd(Path.DirectorySeparatorChar) : path;
}
