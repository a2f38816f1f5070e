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
        var candidates = Candidates(files);
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
                // No closure per file here (Try's): this loop runs once per candidate, 10^5 times a search.
                var inode = candidates[index];
                try
                {
                    var want = (int)Math.Min(inode[0].Size, FirstBlock);
                    int read;
                    if (HeadRead.Supported)
                        read = HeadRead.Read(folder, inode[0].Path, buffer.AsSpan(0, want));
                    else
                    {
                        using var h = File.OpenHandle(inode[0].Path, FileMode.Open, FileAccess.Read, FileShare.Read);
                        read = FileHashing.ReadFully(h, buffer.AsSpan(0, want), 0);
                    }
                    if (read != want) throw Changed(inode[0].Size, read);
                    first[index] = ContentHasher.HashData(ContentHashAlgorithm.Xxh128, buffer.AsSpan(0, read));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Failed(inode, errors, e);
                }
            }
            return buffer;
        }, buffer => ArrayPool<byte>.Shared.Return(buffer));
        var survivors = Collide([.. Enumerable.Range(0, candidates.Length).Where(i => first[i] is not null)], i => new Key(candidates[i][0].Size, first[i]!.Value, default));
        foreach (var i in survivors.Where(i => candidates[i][0].Size <= FirstBlock)) Emit(candidates[i], first[i]!.Value, results);

        // Stage 2: the tail of larger files.
        var large = survivors.Where(i => candidates[i][0].Size > FirstBlock).ToArray();
        var tail = new ContentHash?[candidates.Length];
        Parallel.ForEach(large, options, i => Try(candidates[i], errors, path =>
        {
            using var h = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            tail[i] = FileHashing.Tail(h, candidates[i][0].Size, ContentHashAlgorithm.Xxh128);
        }));
        var toFull = Collide([.. large.Where(i => tail[i] is not null)], i => new Key(candidates[i][0].Size, first[i]!.Value, tail[i]!.Value));

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

    /// <summary>
    /// The files to read, one list per inode (its hard links), of the sizes two inodes or more share. Sorting instead
    /// of grouping by tuple keys: no object per group, and no generic code over Kane's types to compile at first use.
    /// </summary>
    private static List<HashCandidate>[] Candidates(IReadOnlyList<HashCandidate> files)
    {
        var byInode = files.Where(f => f.Size > 0).ToArray();
        Array.Sort(byInode, static (a, b) => a.Device != b.Device ? a.Device.CompareTo(b.Device) : a.Inode.CompareTo(b.Inode));
        var inodes = new List<List<HashCandidate>>();
        for (var i = 0; i < byInode.Length; i++)
        {
            if (i == 0 || byInode[i].Device != byInode[i - 1].Device || byInode[i].Inode != byInode[i - 1].Inode) inodes.Add([]);
            inodes[^1].Add(byInode[i]);
        }
        var bySize = inodes.ToArray();
        Array.Sort(bySize, static (a, b) => a[0].Size.CompareTo(b[0].Size));
        var candidates = new List<List<HashCandidate>>(bySize.Length);
        for (int start = 0, end; start < bySize.Length; start = end)
        {
            for (end = start + 1; end < bySize.Length && bySize[end][0].Size == bySize[start][0].Size; end++) { }
            if (end - start > 1)
                for (var k = start; k < end; k++) candidates.Add(bySize[k]);
        }
        return [.. candidates];
    }

    /// <summary>The indexes whose key another index shares.</summary>
    private static List<int> Collide(int[] indexes, Func<int, Key> key)
    {
        var keys = new Key[indexes.Length];
        for (var i = 0; i < indexes.Length; i++) keys[i] = key(indexes[i]);
        Array.Sort(keys, indexes);
        var shared = new List<int>();
        for (int start = 0, end; start < keys.Length; start = end)
        {
            for (end = start + 1; end < keys.Length && keys[end].CompareTo(keys[start]) == 0; end++) { }
            if (end - start > 1)
                for (var k = start; k < end; k++) shared.Add(indexes[k]);
        }
        return shared;
    }

    /// <summary>Size and hashes of a file in one comparable value (hashes as their first 128 bits: XXH128 whole).</summary>
    private readonly struct Key : IComparable<Key>
    {
        private readonly long _size;
        private readonly UInt128 _first;
        private readonly UInt128 _tail;

        public Key(long size, ContentHash first, ContentHash tail) => (_size, _first, _tail) = (size, Bits(first), Bits(tail));

        public int CompareTo(Key other) =>
            _size != other._size ? _size.CompareTo(other._size) : _first != other._first ? _first.CompareTo(other._first) : _tail.CompareTo(other._tail);

        // A longer digest folded to 128 bits could only make two files look alike here, i.e. be read once more; the
        // groups themselves are formed from the whole hashes (DuplicateGroups).
        private static UInt128 Bits(ContentHash hash)
        {
            Span<byte> digest = stackalloc byte[64];
            digest.Clear();
            hash.CopyTo(digest);
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest)
                ^ System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest[16..])
                ^ ((UInt128)(uint)hash.Algorithm << 120);
        }
    }

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
            Failed(inode, errors, e);
        }
    }

    private static void Failed(List<HashCandidate> inode, ConcurrentBag<(long, string)> errors, Exception e)
    {
        foreach (var f in inode) errors.Add((f.Id, $"cannot read it to hash: {e.Message}"));
    }
}
