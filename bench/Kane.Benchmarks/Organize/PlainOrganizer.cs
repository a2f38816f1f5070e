using Kane.Organize.Hashing;
using Kane.Organize.Layout;
using Kane.Organize.Moving;
using Kane.Organize.Signatures;

namespace Kane.Benchmarks.Organize;

/// <summary>What the plain organizer did.</summary>
internal sealed record PlainOutcome(int Files, int Moved, int Duplicates, int Failed, long HashedBytes);

/// <summary>
/// The baseline of <c>bench organize</c>: the organize workload as one plain single-threaded C# loop, no actors, no
/// cluster, no catalog. Walk SRC (no symbolic links followed); group by size and fully hash only files that share a
/// size (XXH3-128), hard links to one inode counting once and empty files never duplicates; in each duplicate group
/// the first path in ordinal order is the original; classify each file from its first 4 KiB and its name
/// (<see cref="FileClassifier"/>); date it by its modification time (local time; this baseline reads no Exif);
/// render the default layout (duplicates under <c>duplicates/</c>), pick <c>name (n).ext</c> on a conflict, and move
/// with <see cref="SafeMover.MoveAll"/> in chunks of 1,000 under a journal in <c>DST/.kane/moves</c>.
/// </summary>
internal static class PlainOrganizer
{
    private const int MoveChunk = 1000;

    public static PlainOutcome Run(string source, string destination)
    {
        var files = Walk(source);
        var hashes = DuplicateHashes(files, out var hashedBytes);
        var groups = files.Where(f => hashes.ContainsKey(f.Path)).GroupBy(f => hashes[f.Path]).Where(g => g.Select(f => f.Inode).Distinct().Count() > 1);
        var duplicateOf = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var ordered = group.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
            foreach (var copy in ordered.Skip(1).Where(f => f.Inode != ordered[0].Inode))
                duplicateOf.Add(copy.Path);
        }

        var layout = LayoutTemplate.Default;
        var planned = new HashSet<string>(StringComparer.Ordinal);
        var head = new byte[FileHashing.SampleLength];
        var moved = 0;
        var failed = 0;
        using var journal = MoveJournal.Open(Path.Combine(destination, ".kane", "moves"), "plain");
        // Moves go in chunks through MoveAll, as Kane's move tasks do: one journal fsync for a chunk's intents.
        var chunk = new List<MoveRequest>(MoveChunk);
        void MoveChunkNow()
        {
            foreach (var result in SafeMover.MoveAll(chunk, journal))
            {
                if (result.Succeeded)
                    moved++;
                else
                    failed++;
            }
            chunk.Clear();
        }
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            int length;
            using (var handle = FileHashing.OpenRead(file.Path))
                FileHashing.Head(handle, ContentHashAlgorithm.Xxh128, head, out length);
            var category = FileClassifier.Classify(head.AsSpan(0, length), file.Path).Category;
            var values = LayoutValues.ForFile(Path.GetFileName(file.Path), category, file.Modified.ToLocalTime(), file.Size);
            var folder = duplicateOf.Contains(file.Path) ? Path.Combine(destination, "duplicates") : destination;
            var target = ConflictNaming.FirstFree(Path.Combine(folder, layout.Render(values)), p => planned.Contains(p) || File.Exists(p));
            planned.Add(target);
            var expected = hashes.TryGetValue(file.Path, out var h) ? h : (Hash128?)null;
            chunk.Add(new MoveRequest(file.Path, target, file.Size, expected));
            if (chunk.Count == MoveChunk)
                MoveChunkNow();
        }
        MoveChunkNow();
        return new PlainOutcome(files.Count, moved, duplicateOf.Count, failed, hashedBytes);
    }

    private sealed record Found(string Path, long Size, ulong Inode, DateTime Modified);

    private static List<Found> Walk(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true, ReturnSpecialDirectories = false };
        var files = new List<Found>();
        foreach (var info in new DirectoryInfo(root).EnumerateFiles("*", options))
        {
            if (info.LinkTarget is not null)
                continue;
            files.Add(new Found(info.FullName, info.Length, Inode(info.FullName), info.LastWriteTimeUtc));
        }
        return files;
    }

    /// <summary>Full XXH3-128 of every non-empty file that shares its size with a file of another inode.</summary>
    private static Dictionary<string, Hash128> DuplicateHashes(List<Found> files, out long hashedBytes)
    {
        hashedBytes = 0;
        var hashes = new Dictionary<string, Hash128>(StringComparer.Ordinal);
        foreach (var sameSize in files.Where(f => f.Size > 0).GroupBy(f => f.Size).Where(g => g.Select(f => f.Inode).Distinct().Count() > 1))
        {
            foreach (var file in sameSize)
            {
                using var handle = FileHashing.OpenRead(file.Path);
                var (hash, length) = FileHashing.Full(handle, ContentHashAlgorithm.Xxh128);
                hashes[file.Path] = MoveRequest.ExpectedOf(hash)!.Value;
                hashedBytes += length;
            }
        }
        return hashes;
    }

    private static ulong Inode(string path)
    {
        // .NET exposes no inode; hard links are told apart through the status the mover's own layer reads.
        return Kane.Organize.Moving.Internal.Posix.Stat(path, out var stat) == 0 ? stat.Inode : 0;
    }
}
