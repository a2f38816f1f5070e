using System.Runtime.InteropServices;
using Kane.Organize.Moving;
using Kane.Organize.Moving.Internal;
using Kane.Organize.Scanning.Internal;

namespace Kane.Organize.Dedup.Internal;

/// <summary>
/// The first read of the duplicate search, once per candidate file: <c>open</c>, <c>pread</c>, <c>close</c> through
/// libc. <see cref="File.OpenHandle(string, FileMode, FileAccess, FileShare, FileOptions, long)"/> adds an
/// <c>fstat</c> and an advisory <c>flock</c> per file (how .NET emulates <see cref="FileShare"/> on Unix), two system
/// calls of five on the hottest path of a search over 10^5 small files; nothing here needs them. The calls are the
/// mover's (<see cref="Libc"/>), and the path goes as its raw bytes (<see cref="PosixNames"/>).
/// </summary>
internal static class HeadRead
{
    /// <summary>Whether this platform takes the libc path (Linux, where the scan's inodes come from too).</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux();

    /// <summary>Reads the start of <paramref name="path"/> (not following a symlink) until <paramref name="buffer"/> is full or the file ends.</summary>
    /// <exception cref="IOException">The file cannot be opened or read (the message names the errno).</exception>
    public static unsafe int Read(string path, Span<byte> buffer)
    {
        var raw = PosixNames.ToCString(path);
        int fd;
        fixed (byte* name = raw)
        {
            while ((fd = Libc.Open(name, Libc.ORdOnly | Libc.OCloExec | Libc.ONoFollow, 0)) < 0)
                if (Marshal.GetLastPInvokeError() is var e && e != Libc.EINTR)
                    throw new IOException($"cannot open it ({Errno.Name(e)})");
        }
        try
        {
            var total = 0;
            fixed (byte* p = buffer)
            {
                while (total < buffer.Length)
                {
                    var n = Libc.Pread(fd, p + total, (nuint)(buffer.Length - total), total);
                    if (n == 0) break;
                    if (n < 0)
                    {
                        var e = Marshal.GetLastPInvokeError();
                        if (e == Libc.EINTR) continue;
                        throw new IOException($"cannot read it ({Errno.Name(e)})");
                    }
                    total += (int)n;
                }
            }
            return total;
        }
        finally
        {
            Libc.Close(fd);
        }
    }
}
