using System.Runtime.InteropServices;
using Kane.Organize.Moving;
using Kane.Organize.Moving.Internal;
using Kane.Organize.Scanning.Internal;

namespace Kane.Organize.Dedup.Internal;

/// <summary>
/// The first read of the duplicate search, once per candidate file: <c>openat</c>, <c>pread</c>, <c>close</c> through
/// libc, the file named relative to its folder's descriptor (<see cref="Folder"/>), which the caller opens once for
/// all the candidates of that folder: the kernel then resolves one name per file, not every folder of its path.
/// <see cref="File.OpenHandle(string, FileMode, FileAccess, FileShare, FileOptions, long)"/> would add an
/// <c>fstat</c> and an advisory <c>flock</c> per file (how .NET emulates <see cref="FileShare"/> on Unix), two system
/// calls of five on the hottest path of a search over 10^5 small files; nothing here needs them. The calls are the
/// mover's (<see cref="Libc"/>), and names go as their raw bytes (<see cref="PosixNames"/>).
/// </summary>
internal static class HeadRead
{
    /// <summary>Whether this platform takes the libc path (Linux, where the scan's inodes come from too).</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux();

    /// <summary>An open folder (<c>O_DIRECTORY</c>): files in it are opened by name. Dispose closes it.</summary>
    public readonly struct Folder : IDisposable
    {
        // The descriptor plus one: a default Folder is "none", never descriptor 0.
        private readonly int _fdPlusOne;

        private Folder(int fd) => _fdPlusOne = fd + 1;

        /// <summary>No folder: files are opened by their full path.</summary>
        public static Folder None => default;

        /// <summary>The folder's descriptor, or -1 when there is none or it could not be opened (each file is then opened by its full path, which reports why).</summary>
        public int Descriptor => _fdPlusOne - 1;

        public static unsafe Folder Open(string path)
        {
            var raw = PosixNames.ToCString(path);
            int fd;
            fixed (byte* name = raw)
            {
                while ((fd = Libc.Open(name, Libc.ORdOnly | Libc.ODirectory | Libc.OCloExec, 0)) < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR)
                {
                }
            }
            return new Folder(fd);
        }

        public void Dispose()
        {
            if (Descriptor >= 0) Libc.Close(Descriptor);
        }
    }

    /// <summary>
    /// Reads the start of the file at <paramref name="path"/> (not following a symlink) until <paramref name="buffer"/>
    /// is full or the file ends. With an open <paramref name="folder"/> (the file's parent), only the name after the
    /// last '/' is resolved, relative to it.
    /// </summary>
    /// <exception cref="IOException">The file cannot be opened or read (the message names the errno).</exception>
    public static unsafe int Read(Folder folder, string path, Span<byte> buffer)
    {
        var relative = folder.Descriptor >= 0;
        var text = relative ? path.AsSpan(path.LastIndexOf('/') + 1) : path.AsSpan();
        const int MaxStack = 1024;
        // Names of ASCII characters (nearly all) are their bytes; anything else goes through PosixNames.
        Span<byte> stack = stackalloc byte[MaxStack];
        scoped Span<byte> raw;
        if (text.Length < MaxStack && !text.ContainsAnyExceptInRange((char)1, (char)0x7F))
        {
            raw = stack[..(text.Length + 1)];
            for (var i = 0; i < text.Length; i++) raw[i] = (byte)text[i];
            raw[^1] = 0;
        }
        else
            raw = PosixNames.ToCString(text.ToString());
        int fd;
        fixed (byte* name = raw)
        {
            const int Flags = Libc.ORdOnly | Libc.OCloExec | Libc.ONoFollow;
            while ((fd = relative ? Libc.Openat(folder.Descriptor, name, Flags, 0) : Libc.Open(name, Flags, 0)) < 0)
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
