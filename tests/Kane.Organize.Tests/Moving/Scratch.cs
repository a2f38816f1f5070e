using System.Runtime.InteropServices;
using Kane.Organize.Hashing;
using Kane.Organize.Moving;
using Kane.Organize.Moving.Internal;

namespace Kane.Organize.Tests.Moving;

/// <summary>
/// Scratch folders for mover tests: one on the root file system (/tmp) and one on tmpfs (/dev/shm), so the copy
/// path across file systems runs for real; plus file helpers that take raw-byte (<see cref="PosixNames"/>) paths.
/// </summary>
internal sealed class Scratch : IDisposable
{
    public Scratch()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        Disk = Directory.CreateDirectory($"/tmp/kane-move-{id}").FullName;
        Shm = Directory.CreateDirectory($"/dev/shm/kane-move-{id}").FullName;
        Journals = Path.Combine(Disk, ".kane", "moves");
    }

    /// <summary>A folder on the root file system.</summary>
    public string Disk { get; }

    /// <summary>A folder on tmpfs: a different file system from <see cref="Disk"/>.</summary>
    public string Shm { get; }

    public string Journals { get; }

    public MoveJournal Journal(string runId = "run1") => MoveJournal.Open(Journals, runId);

    public static string Write(string path, byte[] content)
    {
        Directory.CreateDirectory(Posix.Parent(path));
        if (PosixNames.HasEscapedBytes(path))
        {
            Assert.Equal(0, Posix.Open(path, Libc.OWrOnly | Libc.OCreat | Libc.OExcl, 0x1A4, out var handle));
            using (handle)
                RandomAccess.Write(handle, content, 0);
        }
        else
        {
            File.WriteAllBytes(path, content);
        }
        return path;
    }

    public static byte[] Content(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[]? Read(string path)
    {
        if (Posix.Open(path, Libc.ORdOnly, 0, out var handle) != 0)
            return null;
        using (handle)
        {
            var bytes = new byte[RandomAccess.GetLength(handle)];
            var read = 0;
            while (read < bytes.Length)
                read += RandomAccess.Read(handle, bytes.AsSpan(read), read);
            return bytes;
        }
    }

    public static bool Exists(string path) => Posix.Exists(path);

    public static Hash128 Hash(byte[] content) => Xxh3.Hash128(content);

    public static MoveRequest Request(string source, string target, byte[] content, MoveKind kind = MoveKind.Move) =>
        new(source, target, content.Length, Hash(content), kind);

    /// <summary>Every name in <paramref name="folder"/> and below that starts with ".kane-" (temporary files).</summary>
    public static string[] Leftovers(string folder) =>
        Directory.EnumerateFiles(folder, ".kane-*", SearchOption.AllDirectories).Where(f => !f.Contains("/.kane/", StringComparison.Ordinal)).ToArray();

    public void Dispose()
    {
        foreach (var dir in new[] { Disk, Shm })
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Names that are not UTF-8 defeat Directory.Delete; the OS cleans /tmp and /dev/shm eventually.
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                    System.Diagnostics.Process.Start("rm", ["-rf", dir])?.WaitForExit();
            }
        }
    }
}
