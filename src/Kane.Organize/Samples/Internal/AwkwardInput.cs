using Kane.Organize.Moving;
using Kane.Organize.Moving.Internal;

namespace Kane.Organize.Samples.Internal;

/// <summary>
/// The <c>awkward/</c> folder of a sample tree: the bad input issue 9 lists, for checking that organize gives each a
/// clear message or the correct result. Names that are not UTF-8 are written through <see cref="PosixNames"/>.
/// </summary>
internal static class AwkwardInput
{
    public static int Create(string root, long sparseBytes)
    {
        var dir = Path.Combine(root, "awkward");
        Directory.CreateDirectory(dir);
        var count = 0;
        string[] names =
        [
            "with space.txt",
            "quote ' and \" both.txt",
            "-leading-dash.txt",
            "--rf",
            "new\nline.txt",
            "tab\tname.txt",
            "bad-utf8-\uDCFF\uDCFE.txt",
            "ünïcødé 写真.txt",
            new string('n', 251) + ".txt",
        ];
        foreach (var name in names)
        {
            Write(Path.Combine(dir, name), System.Text.Encoding.UTF8.GetBytes($"a file called {name.Length} characters\n"));
            count++;
        }
        Write(Path.Combine(dir, "zero.bin"), []);
        count++;

        var deep = dir;
        for (var i = 0; i < 40; i++)
            deep = Path.Combine(deep, "d");
        Directory.CreateDirectory(deep);
        Write(Path.Combine(deep, "leaf.txt"), "forty folders down\n"u8.ToArray());
        count++;

        File.CreateSymbolicLink(Path.Combine(dir, "loop"), ".");
        File.CreateSymbolicLink(Path.Combine(dir, "dangling.jpg"), "does-not-exist.jpg");
        File.CreateSymbolicLink(Path.Combine(dir, "link-to-file.txt"), "with space.txt");
        count += 3;

        unsafe
        {
            var fifo = PosixNames.ToCString(Path.Combine(dir, "pipe.fifo"));
            fixed (byte* p = fifo)
            {
                if (Libc.Mkfifo(p, 0x1A4) != 0)
                    throw new IOException($"cannot create a FIFO in '{dir}': {Libc.Describe(Libc.LastError)}");
            }
        }
        count++;

        if (sparseBytes > 0)
        {
            using var sparse = File.OpenHandle(Path.Combine(dir, "sparse.img"), FileMode.CreateNew, FileAccess.Write);
            RandomAccess.SetLength(sparse, sparseBytes);
            RandomAccess.Write(sparse, "start of a sparse image\n"u8, 0);
            RandomAccess.Write(sparse, "end\n"u8, Math.Max(24, sparseBytes - 4));
            count++;
        }
        return count;
    }

    private static void Write(string path, byte[] content)
    {
        var error = Posix.Open(path, Libc.OWrOnly | Libc.OCreat | Libc.OExcl, 0x1A4, out var handle);
        if (error != 0)
            throw new IOException($"cannot create '{path}': {Libc.Describe(error)}");
        using (handle)
            RandomAccess.Write(handle, content, 0);
    }
}
