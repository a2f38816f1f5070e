using System.Runtime.InteropServices;

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
