namespace Kane.Organize.Scanning;

/// <summary>One regular file the scan found.</summary>
/// <param name="Path">Full path.</param>
/// <param name="MtimeMs">Modification time, Unix milliseconds (UTC).</param>
/// <param name="Device">Device and <paramref name="Inode"/> identify the file: several paths with the same pair are hard links to one file.</param>
/// <param name="Links">The inode's link count.</param>
public sealed record ScannedFile(string Path, long Size, long MtimeMs, ulong Device, ulong Inode, ulong Links);

/// <summary>Something the scan left alone and reports: a symlink, a special file, an unreadable folder, a bad name.</summary>
/// <param name="Kind">One of the <see cref="ScanIssueKinds"/>.</param>
public sealed record ScanIssue(string Path, string Kind, string Reason);

/// <summary>The kinds of <see cref="ScanIssue"/>.</summary>
public static class ScanIssueKinds
{
    /// <summary>A symbolic link: not followed, left in place.</summary>
    public const string Symlink = "symlink";
    /// <summary>A FIFO, socket or device, or another run's state folder (<c>.kane</c>): skipped.</summary>
    public const string Special = "special";
    /// <summary>A folder or file that could not be read.</summary>
    public const string Unreadable = "unreadable";
    /// <summary>A name that is not valid UTF-8 (cannot be addressed through .NET's path APIs): left in place.</summary>
    public const string BadName = "bad-name";

    /// <summary>True for kinds that are errors (the run exits 1), false for notes (symlinks and special files are left alone by design).</summary>
    public static bool IsError(string kind) => kind is Unreadable or BadName;
}
