using System.Runtime.InteropServices;
using Kane.Organize.Moving.Internal;

namespace Kane.Organize.Scanning.Internal;

/// <summary>
/// <c>lstat(2)</c> through libc: .NET's file APIs give neither the inode nor the file type of a FIFO or socket, and
/// the scan needs both (hard links to one inode are one file; special files are skipped). The layout of
/// <c>struct stat</c> is read at the offsets of glibc on x86-64 and on AArch64 (the generic layout).
/// </summary>
internal static partial class NativeStat
{
    private const int BufferSize = 256;

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int LStat(string path, byte* buffer);

    private static readonly bool Supported = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>The status of <paramref name="path"/> itself (a symlink is not followed), or the errno when it fails.</summary>
    /// <exception cref="PlatformNotSupportedException">Not Linux on x86-64 or AArch64.</exception>
    public static unsafe (StatInfo? Info, int Errno) Lstat(string path)
    {
        if (!Supported)
            throw new PlatformNotSupportedException("the scan reads inodes with lstat(2) and supports Linux on x86-64 and AArch64 only");
        byte* buffer = stackalloc byte[BufferSize];
        if (LStat(path, buffer) != 0)
            return (null, Marshal.GetLastPInvokeError());
        return (Read(buffer), 0);
    }

    /// <summary>
    /// The status of <paramref name="name"/> (NUL-terminated raw bytes) inside the open folder <paramref name="dirFd"/>,
    /// without following a symlink: statx(2) relative to the folder's descriptor, so the kernel resolves one name instead
    /// of the whole path. The device is encoded as glibc's <c>makedev</c> does, the same value <see cref="Lstat"/> reads.
    /// </summary>
    public static unsafe (StatInfo? Info, int Errno) StatAt(int dirFd, byte* name)
    {
        Libc.StatxBuffer b;
        if (Libc.Statx(dirFd, name, Libc.AtSymlinkNoFollow, StatxWanted, &b) != 0)
            return (null, Marshal.GetLastPInvokeError());
        ulong major = b.DevMajor, minor = b.DevMinor;
        var dev = ((major & 0xFFFFF000UL) << 32) | ((major & 0xFFFUL) << 8) | ((minor & 0xFFFFFF00UL) << 12) | (minor & 0xFFUL);
        return (new StatInfo(dev, b.Inode, b.Nlink, b.Mode, (long)b.Size, b.MtimeSeconds * 1000 + b.MtimeNanoseconds / 1_000_000), 0);
    }

    // STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_MTIME | STATX_INO | STATX_SIZE: what a scanned file records.
    private const uint StatxWanted = 0x1 | 0x2 | 0x4 | 0x40 | 0x100 | 0x200;

    private static unsafe StatInfo Read(byte* b)
    {
        var dev = *(ulong*)b;
        var ino = *(ulong*)(b + 8);
        uint mode;
        ulong nlink;
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            nlink = *(ulong*)(b + 16);
            mode = *(uint*)(b + 24);
        }
        else
        {
            mode = *(uint*)(b + 16);
            nlink = *(uint*)(b + 20);
        }
        var size = *(long*)(b + 48);
        var mtimeSec = *(long*)(b + 88);
        var mtimeNsec = *(long*)(b + 96);
        return new StatInfo(dev, ino, nlink, mode, size, mtimeSec * 1000 + mtimeNsec / 1_000_000);
    }
}

/// <summary>What <see cref="NativeStat.Lstat"/> reads.</summary>
/// <param name="MtimeMs">Modification time, Unix milliseconds.</param>
internal readonly record struct StatInfo(ulong Device, ulong Inode, ulong Links, uint Mode, long Size, long MtimeMs)
{
    private const uint TypeMask = 0xF000;

    public EntryKind Kind => (Mode & TypeMask) switch
    {
        0x8000 => EntryKind.File,
        0x4000 => EntryKind.Directory,
        0xA000 => EntryKind.Symlink,
        0x1000 => EntryKind.Fifo,
        0xC000 => EntryKind.Socket,
        0x2000 or 0x6000 => EntryKind.Device,
        _ => EntryKind.Unknown,
    };
}

internal enum EntryKind
{
    File,
    Directory,
    Symlink,
    Fifo,
    Socket,
    Device,
    Unknown,
}
