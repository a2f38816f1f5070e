using Kane.Organize.Catalog;

namespace Kane.Organize.Dedup;

/// <summary>Files with the same content: the <paramref name="Original"/> (first path in ordinal order) and the others.</summary>
/// <param name="Duplicates">The other files, hard links to the original's inode excluded (they are the original).</param>
public sealed record DuplicateGroup(CatalogFile Original, IReadOnlyList<CatalogFile> Duplicates)
{
    /// <summary>Bytes freed by removing every duplicate inode (hard links to one duplicate inode count once).</summary>
    public long Reclaimable => Duplicates.Select(d => (d.Device, d.Inode)).Distinct().Count() * Original.Size;
}
