using System.Runtime.InteropServices;
using Kane.Organize.Scanning.Internal;

namespace Kane.Organize.Dedup.Internal;

/// <summary>
/// The first read of the duplicate search, once per candidate file: <c>open</c>, <c>pread</c>, <c>close</c> through
/// libc. <see cref="File.OpenHandle(string, FileMode, FileAccess, FileShare, FileOptions, long)"/> adds an
/// <c>fstat</c> and an advisory <c>flock</c> per file (how .NET emulates <see cref="FileShare"/> on Unix), two system
/// calls of five on the hottest path of a search over 10^5 small files; nothing here needs them.
/// </summary>
internal static partial class HeadRead
{
    private const int OReadOnly = 0;
    private const int ONoFollow = 0x20000;
    private const int OCloExec = 0x80000;
    private const int EINTR = 4;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static unsafe partial nint Pread(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>Whether this platform takes the libc path (Linux, where the scan's inodes come from too).</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux();

    /// <summary>Reads the start of <paramref name="path"/> (not following a symlink) until <paramref name="buffer"/> is full or the file ends.</summary>
    /// <exception cref="IOException">The file cannot be opened or read (the message names the errno).</exception>
    public static unsafe int Read(string path, Span<byte> buffer)
    {
        int fd;
        while ((fd = Open(path, OReadOnly | OCloExec | ONoFollow)) < 0)
            if (Marshal.GetLastPInvokeError() is var e && e != EINTR)
                throw new IOException($"cannot open it ({Errno.Name(e)})");
        try
        {
            var total = 0;
            fixed (byte* p = buffer)
            {
                while (total < buffer.Length)
                {
                    var n = Pread(fd, p + total, (nuint)(buffer.Length - total), total);
                    if (n == 0) break;
                    if (n < 0)
                    {
                        var e = Marshal.GetLastPInvokeError();
                        if (e == EINTR) continue;
                        throw new IOException($"cannot read it ({Errno.Name(e)})");
                    }
                    total += (int)n;
                }
            }
            return total;
        }
        finally
        {
            Close(fd);
        }
    }
}
