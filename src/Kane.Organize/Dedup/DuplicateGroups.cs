using Kane.Organize.Catalog;

namespace Kane.Organize.Dedup;

/// <summary>
/// Forms duplicate groups from hashed files. Pure apart from the optional byte-by-byte check: files are duplicates
/// when they have the same size and full hash and are different inodes (hard links to one inode are one file); empty
/// files are never duplicates; the original is the first path in ordinal order.
/// </summary>
public static class DuplicateGroups
{
    /// <param name="files">Catalog rows; those without a hash or of size 0 are ignored.</param>
    /// <param name="sameBytes">With <c>--paranoid</c>: compares two files byte by byte; a group is split where it says no.</param>
    public static IReadOnlyList<DuplicateGroup> Find(IEnumerable<CatalogFile> files, Func<CatalogFile, CatalogFile, bool>? sameBytes = null)
    {
        if (sameBytes is null) return ByHash(files);
        var groups = new List<DuplicateGroup>();
        foreach (var byContent in files.Where(f => f.Hash is not null && f.Size > 0).GroupBy(f => (f.Size, f.Hash)))
        {
            var members = byContent.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
            // One representative per inode, in path order; with a byte check, inodes that differ form their own clusters.
            var clusters = new List<List<CatalogFile>>();
            foreach (var inode in members.GroupBy(f => (f.Device, f.Inode)))
            {
                var rep = inode.First();
                var home = sameBytes is null ? clusters.FirstOrDefault() : clusters.FirstOrDefault(c => sameBytes(c[0], rep));
                if (home is null) clusters.Add(home = []);
                home.AddRange(inode);
            }
            foreach (var cluster in clusters)
            {
                var ordered = cluster.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
                var original = ordered[0];
                var duplicates = ordered.Where(f => (f.Device, f.Inode) != (original.Device, original.Inode)).ToList();
                if (duplicates.Count > 0) groups.Add(new DuplicateGroup(original, duplicates));
            }
        }
        return groups;
    }

    /// <summary>
    /// Without a byte check every inode of a (size, hash) joins one group: one sort by (size, hash, path) gives each
    /// group as a run whose first row is the original, instead of LINQ groups over tuple keys and a sort per group
    /// (a duplicate-check task groups ~20,000 rows). Groups come in the order of their first row in
    /// <paramref name="files"/>, as the general path gives them.
    /// </summary>
    private static List<DuplicateGroup> ByHash(IEnumerable<CatalogFile> files)
    {
        var rows = files.Where(f => f.Hash is not null && f.Size > 0).ToArray();
        var order = new int[rows.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            var (x, y) = (rows[a], rows[b]);
            var c = x.Size.CompareTo(y.Size);
            if (c == 0) c = string.CompareOrdinal(x.Hash, y.Hash);
            if (c == 0) c = string.CompareOrdinal(x.Path, y.Path);
            return c != 0 ? c : a.CompareTo(b);
        });
        var found = new List<(int First, DuplicateGroup Group)>();
        for (int start = 0, end; start < order.Length; start = end)
        {
            var original = rows[order[start]];
            var first = order[start];
            for (end = start + 1; end < order.Length && rows[order[end]].Size == original.Size && rows[order[end]].Hash == original.Hash; end++)
                first = Math.Min(first, order[end]);
            List<CatalogFile>? duplicates = null;
            for (var k = start + 1; k < end; k++)
            {
                var f = rows[order[k]];
                if (f.Device != original.Device || f.Inode != original.Inode) (duplicates ??= []).Add(f);
            }
            if (duplicates is not null) found.Add((first, new DuplicateGroup(original, duplicates)));
        }
        found.Sort((a, b) => a.First.CompareTo(b.First));
        return [.. found.Select(g => g.Group)];
    }
}
