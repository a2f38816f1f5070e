using System.Collections.Concurrent;
using Kane.Organize.Catalog;
using Kane.Organize.Hashing;

namespace Kane.Organize.Dedup;

/// <summary>
/// Hashes only what telling files apart needs, over complete size groups: files alone at their size (or all hard
/// links of one inode) are never read; the rest get a 4 KiB head hash, then (if larger than 64 KiB) a tail hash, and
/// only files still sharing size, head and tail are read in full. Reads run in parallel.
/// </summary>
public static class StagedHasher
{
    /// <summary>Files above this size get a tail hash before the full one.</summary>
    public const long TailThreshold = 64 * 1024;

    /// <summary>Full hashes of every file that may have a duplicate (hard links get their inode's hash), and per-file errors.</summary>
    public static (IReadOnlyList<(long Id, string Hash)> Hashes, IReadOnlyList<(long Id, string Error)> Errors) Hash(
        IReadOnlyList<CatalogFile> files, int parallelism, CancellationToken cancellationToken)
    {
        var errors = new ConcurrentBag<(long, string)>();
        var inodes = files.Where(f => f.Size > 0).GroupBy(f => (f.Device, f.Inode)).Select(g => g.ToList()).ToList();
        var candidates = inodes.GroupBy(g => g[0].Size).Where(s => s.Count() > 1).SelectMany(s => s).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };

        // Stage 1: head (equals the full hash for files of at most 4 KiB).
        var head = new ConcurrentDictionary<List<CatalogFile>, ContentHash>();
        Parallel.ForEach(candidates, options, inode => Try(inode, errors, path =>
        {
            using var h = FileHashing.OpenRead(path);
            Span<byte> buffer = stackalloc byte[FileHashing.SampleLength];
            head[inode] = FileHashing.Head(h, ContentHashAlgorithm.Xxh128, buffer, out _);
        }));
        var survivors = Collide(candidates.Where(head.ContainsKey), i => (i[0].Size, head[i], default(ContentHash)));
        var results = new ConcurrentBag<(long, string)>();
        var small = survivors.Where(i => i[0].Size <= FileHashing.SampleLength).ToList();
        foreach (var inode in small) Emit(inode, head[inode], results);

        // Stage 2: tail for large files.
        var large = survivors.Where(i => i[0].Size > FileHashing.SampleLength).ToList();
        var tail = new ConcurrentDictionary<List<CatalogFile>, ContentHash>();
        Parallel.ForEach(large.Where(i => i[0].Size > TailThreshold), options, inode => Try(inode, errors, path =>
        {
            using var h = FileHashing.OpenRead(path);
            tail[inode] = FileHashing.Tail(h, inode[0].Size, ContentHashAlgorithm.Xxh128);
        }));
        var toFull = Collide(large.Where(i => i[0].Size <= TailThreshold || tail.ContainsKey(i)),
            i => (i[0].Size, head[i], tail.TryGetValue(i, out var t) ? t : default));

        // Stage 3: full hash of the survivors.
        Parallel.ForEach(toFull, options, inode => Try(inode, errors, path =>
        {
            using var h = FileHashing.OpenRead(path);
            var (hash, length) = FileHashing.Full(h, ContentHashAlgorithm.Xxh128, cancellationToken);
            if (length != inode[0].Size)
                throw new IOException($"the file changed while it was scanned and hashed ({inode[0].Size} bytes when scanned, {length} now)");
            Emit(inode, hash, results);
        }));
        return ([.. results], [.. errors]);
    }

    private static List<List<CatalogFile>> Collide(IEnumerable<List<CatalogFile>> inodes, Func<List<CatalogFile>, (long, ContentHash, ContentHash)> key) =>
        [.. inodes.GroupBy(key).Where(g => g.Count() > 1).SelectMany(g => g)];

    private static void Emit(List<CatalogFile> inode, ContentHash hash, ConcurrentBag<(long, string)> results)
    {
        var text = hash.ToString();
        foreach (var f in inode) results.Add((f.Id, text));
    }

    private static void Try(List<CatalogFile> inode, ConcurrentBag<(long, string)> errors, Action<string> read)
    {
        try
        {
            read(inode[0].Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var f in inode) errors.Add((f.Id, $"cannot read it to hash: {e.Message}"));
        }
    }
}
