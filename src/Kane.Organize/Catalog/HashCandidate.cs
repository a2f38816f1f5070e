namespace Kane.Organize.Catalog;

/// <summary>
/// What the duplicate search needs of a file that shares its size with another: its catalog id, path, size and inode
/// (hard links of one inode are read once). Read from the catalog without the columns later phases fill.
/// </summary>
public sealed record HashCandidate(long Id, string Path, long Size, ulong Device, ulong Inode);
