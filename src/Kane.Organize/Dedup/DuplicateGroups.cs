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
}
