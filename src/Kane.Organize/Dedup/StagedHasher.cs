using System.Buffers;
using System.Collections.Concurrent;
using Kane.Organize.Catalog;
using Kane.Organize.Dedup.Internal;
using Kane.Organize.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Kane.Organize.Dedup;

/// <summary>
/// Hashes only what telling files apart needs, over complete size groups: files alone at their size (or all hard
/// links of one inode) are never read. The rest get one read of their first <see cref="FirstBlock"/> bytes, whose
/// hash is the full hash for files that small (most files, so most files are opened once); larger files that still
/// collide get a tail hash, and only files still sharing size, first block and tail are read in full. Reads run in
/// parallel, results go to arrays (no per-file locking).
/// </summary>
public static class StagedHasher
{
    /// <summary>Bytes of the first read: cheap from the page cache and the whole of most files.</summary>
    public const int FirstBlock = 64 * 1024;

    /// <summary>Full hashes of every file that may have a duplicate (hard links get their inode's hash), and per-file errors.</summary>
    public static (IReadOnlyList<(long Id, string Hash)> Hashes, IReadOnlyList<(long Id, string Error)> Errors) Hash(
        IReadOnlyList<HashCandidate> files, int parallelism, CancellationToken cancellationToken)
    {
        var errors = new ConcurrentBag<(long, string)>();
        var inodes = files.Where(f => f.Size > 0).GroupBy(f => (f.Device, f.Inode)).Select(g => g.ToList()).ToList();
        var candidates = inodes.GroupBy(g => g[0].Size).Where(s => s.Count() > 1).SelectMany(s => s).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        var results = new List<(long, string)>();

        // Stage 1: the first block (the full hash when the file is no larger), folder by folder: each folder is opened
        // once and its candidates by name relative to it.
        var folders = Folders(candidates);
        var first = new ContentHash?[candidates.Length];
        Parallel.For(0, folders.Count, options, () => ArrayPool<byte>.Shared.Rent(FirstBlock), (f, _, buffer) =>
        {
            var (folderPath, members) = folders[f];
            using var folder = HeadRead.Supported ? HeadRead.Folder.Open(folderPath) : HeadRead.Folder.None;
            foreach (var index in members)
            {
                var inode = candidates[index];
                Try(inode, errors, path =>
                {
                    var want = (int)Math.Min(inode[0].Size, FirstBlock);
                    int read;
                    if (HeadRead.Supported)
                        read = HeadRead.Read(folder, path, buffer.AsSpan(0, want));
                    else
                    {
                        using var h = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                        read = FileHashing.ReadFully(h, buffer.AsSpan(0, want), 0);
                    }
                    if (read != want) throw Changed(inode[0].Size, read);
                    first[index] = ContentHasher.HashData(ContentHashAlgorithm.Xxh128, buffer.AsSpan(0, read));
                });
            }
            return buffer;
        }, buffer => ArrayPool<byte>.Shared.Return(buffer));
        var survivors = Collide(Enumerable.Range(0, candidates.Length).Where(i => first[i] is not null), i => (candidates[i][0].Size, first[i]!.Value, default(ContentHash)));
        foreach (var i in survivors.Where(i => candidates[i][0].Size <= FirstBlock)) Emit(candidates[i], first[i]!.Value, results);

        // Stage 2: the tail of larger files.
        var large = survivors.Where(i => candidates[i][0].Size > FirstBlock).ToArray();
        var tail = new ContentHash?[candidates.Length];
        Parallel.ForEach(large, options, i => Try(candidates[i], errors, path =>
        {
            using var h = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            tail[i] = FileHashing.Tail(h, candidates[i][0].Size, ContentHashAlgorithm.Xxh128);
        }));
        var toFull = Collide(large.Where(i => tail[i] is not null), i => (candidates[i][0].Size, first[i]!.Value, tail[i]!.Value));

        // Stage 3: the full hash of the survivors.
        var full = new ContentHash?[candidates.Length];
        Parallel.ForEach(toFull, options, i => Try(candidates[i], errors, path =>
        {
            using var h = FileHashing.OpenRead(path);
            var (hash, length) = FileHashing.Full(h, ContentHashAlgorithm.Xxh128, cancellationToken);
            if (length != candidates[i][0].Size) throw Changed(candidates[i][0].Size, length);
            full[i] = hash;
        }));
        foreach (var i in toFull.Where(i => full[i] is not null)) Emit(candidates[i], full[i]!.Value, results);
        return (results, [.. errors]);
    }

    /// <summary>The candidates' indexes by folder (the path before the last '/'), found without a string per file.</summary>
    private static List<(string Folder, List<int> Members)> Folders(List<HashCandidate>[] candidates)
    {
        var byFolder = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var lookup = byFolder.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < candidates.Length; i++)
        {
            var path = candidates[i][0].Path;
            var folder = path.AsSpan(0, Math.Max(1, path.LastIndexOf('/')));
            if (!lookup.TryGetValue(folder, out var members)) lookup[folder] = members = [];
            members.Add(i);
        }
        return [.. byFolder.Select(kv => (kv.Key, kv.Value))];
    }

    private static IOException Changed(long scanned, long read) =>
        new($"the file changed after it was scanned ({scanned} bytes when scanned, {read} read now)");

    private static List<int> Collide(IEnumerable<int> indexes, Func<int, (long, ContentHash, ContentHash)> key) =>
        [.. indexes.GroupBy(key).Where(g => g.Count() > 1).SelectMany(g => g)];

    private static void Emit(List<HashCandidate> inode, ContentHash hash, List<(long, string)> results)
    {
        var text = hash.ToString();
        foreach (var f in inode) results.Add((f.Id, text));
    }

    private static void Try(List<HashCandidate> inode, ConcurrentBag<(long, string)> errors, Action<string> read)
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
