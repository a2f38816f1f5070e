using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Kane.Organize.Moving.Internal;
using Kane.Organize.Samples.Internal;

namespace Kane.Organize.Samples;

/// <summary>
/// Generates a realistic, deterministic tree of files for demos, tests and benchmarks (<c>kane samples make</c>):
/// JPEGs with Exif dates and camera models, PNGs, MP3 and MP4 files, PDFs, text, code and zip archives in nested
/// folders, with duplicates (copies elsewhere or beside the original, some hard links), a few empty files and some
/// misleading extensions, and on request a folder of bad input (<see cref="SampleTreeOptions.Awkward"/>). Files are written in parallel, one write each from a reused per-thread buffer.
/// </summary>
public static class SampleTree
{
    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>Creates the tree under <paramref name="directory"/>, which must be missing or empty.</summary>
    /// <exception cref="IOException">The directory holds files already, or a file cannot be written.</exception>
    public static SampleTreeReport Generate(string directory, SampleTreeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var root = Path.GetFullPath(directory);
        if (File.Exists(root))
            throw new IOException($"'{root}' is a file; samples need a new or empty folder");
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new IOException($"'{root}' is not empty; samples are only made into a new or empty folder");
        var started = Stopwatch.StartNew();
        var (folders, files) = SamplePlanner.Plan(options);
        foreach (var folder in folders)
            Directory.CreateDirectory(Path.Combine(root, folder));

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.Parallelism > 0 ? options.Parallelism : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        // Originals first, so that copies and hard links of them can follow.
        var originals = Enumerable.Range(0, files.Count).Where(i => files[i].DuplicateOf < 0).ToArray();
        var copies = Enumerable.Range(0, files.Count).Where(i => files[i].DuplicateOf >= 0 && !files[i].HardLink).ToArray();
        try
        {
            Parallel.ForEach(Partitioner.Create(0, originals.Length, 64), parallel, range =>
            {
                for (var k = range.Item1; k < range.Item2; k++)
                    Write(root, files[originals[k]], files[originals[k]]);
            });
            Parallel.ForEach(Partitioner.Create(0, copies.Length, 64), parallel, range =>
            {
                for (var k = range.Item1; k < range.Item2; k++)
                    Write(root, files[copies[k]], files[files[copies[k]].DuplicateOf]);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions[0] is IOException or UnauthorizedAccessException)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        var hardLinks = 0;
        foreach (var file in files.Where(f => f.HardLink))
        {
            var error = Posix.Link(Path.Combine(root, files[file.DuplicateOf].RelativePath), Path.Combine(root, file.RelativePath));
            if (error != 0)
                throw new IOException($"cannot hard-link '{file.RelativePath}' in '{root}': {Libc.Describe(error)}");
            hardLinks++;
        }
        var awkward = options.Awkward ? AwkwardInput.Create(root, options.SparseFileBytes) : 0;
        return new SampleTreeReport(
            files.Count,
            folders.Count,
            files.Where(f => !f.HardLink).Sum(f => f.Size),
            files.Count(f => f.DuplicateOf >= 0),
            hardLinks,
            files.Count(f => f.Size == 0),
            files.Count(f => f.WrongExtension),
            started.Elapsed) { Awkward = awkward };
    }

    /// <summary>Writes <paramref name="file"/>'s path with <paramref name="content"/>'s bytes (itself, or the original it duplicates).</summary>
    private static void Write(string root, SampleFile file, SampleFile content)
    {
        var size = (int)content.Size;
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < size)
            t_buffer = buffer = new byte[Math.Max(size, 1 << 20)];
        var span = buffer.AsSpan(0, size);
        SampleFormats.Write(span, content);
        var path = Path.Combine(root, file.RelativePath);
        using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        RandomAccess.Write(handle, span, 0);
        File.SetLastWriteTimeUtc(handle, file.Modified);
    }
}
