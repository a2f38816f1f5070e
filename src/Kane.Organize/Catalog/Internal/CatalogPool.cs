using System.Collections.Concurrent;
using Kane.Organize.Scanning.Internal;

namespace Kane.Organize.Catalog.Internal;

/// <summary>
/// Open catalogs kept for the next task of this process, keyed by path, and one write lock per path. Opening a
/// catalog per task cost a connection, its schema check and a cold page cache each time; two agents of one process
/// writing at once made SQLite's busy handler sleep (1, 2, 5 ... 100 ms) instead of waiting for the other writer.
/// A pooled catalog is reused only while the file at its path is still the one it opened (same device and inode),
/// so a catalog deleted and recreated between runs is never written through a stale connection.
/// </summary>
internal static class CatalogPool
{
    /// <summary>Idle catalogs kept per path; two agents per core rarely need more.</summary>
    private const int IdlePerPath = 8;

    /// <summary>Paths with idle catalogs; the oldest is closed when another path arrives (tests open many catalogs).</summary>
    private const int Paths = 4;

    private static readonly object Gate = new();
    private static readonly List<(string Path, Stack<OrganizeCatalog> Idle)> Pool = [];
    private static readonly ConcurrentDictionary<string, object> WriteLocks = new(StringComparer.Ordinal);

    /// <summary>The lock every writer of <paramref name="fullPath"/> in this process holds for its transaction.</summary>
    public static object WriteLock(string fullPath) => WriteLocks.GetOrAdd(fullPath, _ => new object());

    /// <summary>An idle catalog of <paramref name="fullPath"/> still bound to the file there, or null.</summary>
    public static OrganizeCatalog? Take(string fullPath)
    {
        var identity = Identity(fullPath);
        while (true)
        {
            OrganizeCatalog? catalog = null;
            lock (Gate)
            {
                var i = Pool.FindIndex(e => e.Path == fullPath);
                if (i >= 0 && Pool[i].Idle.Count > 0) catalog = Pool[i].Idle.Pop();
            }
            if (catalog is null) return null;
            if (identity is not null && catalog.Identity == identity) return catalog;
            catalog.Close();
        }
    }

    /// <summary>Keeps <paramref name="catalog"/> for the next task, or closes it when the pool is full.</summary>
    public static void Return(OrganizeCatalog catalog)
    {
        List<OrganizeCatalog> close = [];
        lock (Gate)
        {
            var i = Pool.FindIndex(e => e.Path == catalog.Path);
            if (i < 0)
            {
                if (Pool.Count == Paths)
                {
                    close.AddRange(Pool[0].Idle);
                    Pool.RemoveAt(0);
                }
                Pool.Add((catalog.Path, new Stack<OrganizeCatalog>()));
                i = Pool.Count - 1;
            }
            if (Pool[i].Idle.Count < IdlePerPath) Pool[i].Idle.Push(catalog);
            else close.Add(catalog);
        }
        foreach (var c in close) c.Close();
    }

    /// <summary>Closes every idle catalog (the embedded node stops: its WAL is checkpointed and removed).</summary>
    public static void Clear()
    {
        List<OrganizeCatalog> close;
        lock (Gate)
        {
            close = [.. Pool.SelectMany(e => e.Idle)];
            Pool.Clear();
        }
        foreach (var c in close) c.Close();
    }

    /// <summary>Device and inode of the file at <paramref name="fullPath"/>, or null when there is none.</summary>
    public static (ulong Device, ulong Inode)? Identity(string fullPath) =>
        NativeStat.Lstat(fullPath).Info is { } s ? (s.Device, s.Inode) : null;
}
