using Microsoft.Win32.SafeHandles;

namespace Kane.Organize.Moving.Internal;

/// <summary>What <c>lstat</c> says about a path (symbolic links are not followed).</summary>
internal readonly record struct FileStat(ulong Device, ulong Inode, long Size, int Mode, uint Links, long Blocks, Libc.Timespec Accessed, Libc.Timespec Modified)
{
    public bool IsRegular => (Mode & 0xF000) == 0x8000;

    public bool IsDirectory => (Mode & 0xF000) == 0x4000;

    public bool SameFileAs(FileStat other) => Device == other.Device && Inode == other.Inode;
}

/// <summary>
/// Thin, string-path wrappers over <see cref="Libc"/>: each returns 0 or the errno, never throws for an I/O error,
/// retries EINTR, and encodes paths with <see cref="PosixNames"/>.
/// </summary>
internal static unsafe class Posix
{
    public static int Stat(string path, out FileStat stat)
    {
        stat = default;
        var raw = PosixNames.ToCString(path);
        Libc.StatxBuffer buffer;
        fixed (byte* p = raw)
        {
            if (Libc.Statx(Libc.AtFdCwd, p, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, &buffer) != 0)
                return Libc.LastError;
        }
        stat = new FileStat(
            ((ulong)buffer.DevMajor << 32) | buffer.DevMinor,
            buffer.Inode,
            (long)buffer.Size,
            buffer.Mode,
            buffer.Nlink,
            (long)buffer.Blocks,
            new Libc.Timespec { Seconds = buffer.AtimeSeconds, Nanoseconds = buffer.AtimeNanoseconds },
            new Libc.Timespec { Seconds = buffer.MtimeSeconds, Nanoseconds = buffer.MtimeNanoseconds });
        return 0;
    }

    /// <summary>True if anything (file, directory, dangling link) is at <paramref name="path"/>.</summary>
    public static bool Exists(string path) => Stat(path, out _) == 0;

    /// <summary>rename(2) that fails with EEXIST instead of replacing; link+unlink where the file system lacks RENAME_NOREPLACE.</summary>
    public static int RenameNoReplace(string from, string to)
    {
        var a = PosixNames.ToCString(from);
        var b = PosixNames.ToCString(to);
        int error;
        fixed (byte* pa = a)
        fixed (byte* pb = b)
        {
            if (Libc.Renameat2(Libc.AtFdCwd, pa, Libc.AtFdCwd, pb, Libc.RenameNoReplace) == 0)
                return 0;
            error = Libc.LastError;
            if (error is not (Libc.EINVAL or Libc.ENOSYS or Libc.EOPNOTSUPP))
                return error;
            // No RENAME_NOREPLACE here: link refuses an existing name just the same; a crash between the two calls
            // leaves two names of one inode, which recovery resolves by unlinking the source name.
            if (Libc.Link(pa, pb) != 0)
                return Libc.LastError;
            return Libc.Unlink(pa) == 0 ? 0 : Libc.LastError;
        }
    }

    /// <summary>Plain rename(2), which replaces <paramref name="to"/>: only for putting a verified hard link over a duplicate.</summary>
    public static int RenameReplacing(string from, string to)
    {
        var a = PosixNames.ToCString(from);
        var b = PosixNames.ToCString(to);
        fixed (byte* pa = a)
        fixed (byte* pb = b)
            return Libc.Rename(pa, pb) == 0 ? 0 : Libc.LastError;
    }

    public static int Link(string existing, string newName)
    {
        var a = PosixNames.ToCString(existing);
        var b = PosixNames.ToCString(newName);
        fixed (byte* pa = a)
        fixed (byte* pb = b)
            return Libc.Link(pa, pb) == 0 ? 0 : Libc.LastError;
    }

    public static int Unlink(string path)
    {
        var raw = PosixNames.ToCString(path);
        fixed (byte* p = raw)
            return Libc.Unlink(p) == 0 ? 0 : Libc.LastError;
    }

    /// <summary>Unlinks <paramref name="path"/> if it exists; a missing file is success.</summary>
    public static int UnlinkIfExists(string path)
    {
        var error = Unlink(path);
        return error == Libc.ENOENT ? 0 : error;
    }

    /// <summary>mkdir -p; an existing directory is success.</summary>
    public static int CreateDirectories(string path)
    {
        if (Stat(path, out var stat) == 0)
            return stat.IsDirectory ? 0 : Libc.ENOTDIR;
        var parent = Parent(path);
        if (parent.Length > 0 && parent != path)
        {
            var error = CreateDirectories(parent);
            if (error != 0)
                return error;
        }
        var raw = PosixNames.ToCString(path);
        fixed (byte* p = raw)
        {
            if (Libc.Mkdir(p, 0x1FF) == 0)
                return 0;
            var error = Libc.LastError;
            return error == Libc.EEXIST && Stat(path, out stat) == 0 && stat.IsDirectory ? 0 : error;
        }
    }

    /// <summary>Opens a file (no symbolic link followed) and wraps the descriptor; the handle owns it.</summary>
    public static int Open(string path, int flags, int mode, out SafeFileHandle handle)
    {
        var raw = PosixNames.ToCString(path);
        int fd;
        fixed (byte* p = raw)
        {
            do
                fd = Libc.Open(p, flags | Libc.OCloExec, mode);
            while (fd < 0 && Libc.LastError == Libc.EINTR);
        }
        if (fd < 0)
        {
            handle = new SafeFileHandle();
            return Libc.LastError;
        }
        handle = new SafeFileHandle(fd, ownsHandle: true);
        return 0;
    }

    public static int Fsync(SafeFileHandle handle)
    {
        var fd = (int)handle.DangerousGetHandle();
        return Libc.Fsync(fd) == 0 ? 0 : Libc.LastError;
    }

    /// <summary>fsyncs a directory so a rename or unlink in it survives a power loss.</summary>
    public static int FsyncDirectory(string path)
    {
        var error = Open(path, Libc.ORdOnly | Libc.ODirectory, 0, out var handle);
        if (error != 0)
            return error;
        using (handle)
            return Fsync(handle);
    }

    /// <summary>The folder part of an absolute path ("/" for a file at the root).</summary>
    public static string Parent(string path)
    {
        var slash = path.TrimEnd('/').LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];
}
