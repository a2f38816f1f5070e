using System.Diagnostics;
using Kane.Benchmarks.Organize;
using Kane.Organize.Hashing;
using Kane.Organize.Moving;
using Kane.Organize.Run;
using Kane.Organize.Samples;
using static Kane.Benchmarks.Benches.BenchSupport;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// End-to-end organise of a generated tree (issue 9): Kane's organize run against <see cref="PlainOrganizer"/>, a plain
/// single-threaded C# program doing the same moves. Each side gets a fresh copy of the same tree (same seed,
/// generated just before, so the page cache is warm for both) and moves it within one file system. Also prints the
/// sample generator's and the mover's own rates. Summary, only when both sides ran:
/// <c>organize: files_per_s=&lt;kane&gt; ratio=&lt;kane files/s ÷ plain files/s&gt;</c>.
/// Options: --files N (100000), --seed S (1), --dir WORK (/tmp/kane-bench-organize), --mover-mib M (256).
/// </summary>
internal static class OrganizeBench
{
    public static Task<int> Run(string[] args)
    {
        var files = IntOption(args, "files", 100_000);
        var seed = IntOption(args, "seed", 1);
        var work = StringOption(args, "dir") ?? "/tmp/kane-bench-organize";
        var moverMib = IntOption(args, "mover-mib", 256);
        Machine();
        Console.WriteLine("# shared 2-core machine, other builds may be running: figures are noisy, the ratio travels better");
        if (Directory.Exists(work))
            Directory.Delete(work, recursive: true);
        try
        {
            if (moverMib > 0)
                MoverFigures(work, moverMib);

            var options = SampleTreeOptions.Default with { Files = files, Seed = seed };
            var (plainSource, plainTarget) = (Path.Combine(work, "plain-src"), Path.Combine(work, "plain-dst"));
            var generated = SampleTree.Generate(plainSource, options);
            Console.WriteLine($"# samples: files={generated.Files} mb={Fmt(generated.Bytes / 1e6)} duplicates={generated.Duplicates} hard_links={generated.HardLinks} " +
                $"seconds={Fmt2(generated.Elapsed.TotalSeconds)} files_per_s={Fmt(generated.FilesPerSecond)} mb_s={Fmt(generated.MegabytesPerSecond)}");
            var started = Stopwatch.GetTimestamp();
            var plain = PlainOrganizer.Run(plainSource, plainTarget);
            var plainSeconds = Seconds(started);
            var plainRate = plain.Files / plainSeconds;
            Console.WriteLine($"# plain: files={plain.Files} moved={plain.Moved} duplicates={plain.Duplicates} failed={plain.Failed} hashed_mb={Fmt(plain.HashedBytes / 1e6)} " +
                $"seconds={Fmt2(plainSeconds)} files_per_s={Fmt(plainRate)}");
            if (plain.Failed > 0 || Directory.EnumerateFiles(plainSource, "*", SearchOption.AllDirectories).Any())
            {
                Console.Error.WriteLine("bench organize: the plain baseline left files behind or failed moves; its figure is not valid");
                return Task.FromResult(1);
            }

            var (kaneSource, kaneTarget) = (Path.Combine(work, "kane-src"), Path.Combine(work, "kane-dst"));
            SampleTree.Generate(kaneSource, options);
            started = Stopwatch.GetTimestamp();
            int kaneFiles;
            try
            {
                kaneFiles = RunKaneOrganize(kaneSource, kaneTarget);
            }
            catch (KaneRunFailedException e)
            {
                Console.Error.WriteLine($"bench organize: {e.Message}");
                return Task.FromResult(1);
            }
            var kaneRate = kaneFiles / Seconds(started);
            Console.WriteLine($"organize: files_per_s={Fmt(kaneRate)} ratio={Fmt2(kaneRate / plainRate)}");
            return Task.FromResult(0);
        }
        finally
        {
            if (Array.IndexOf(args, "--keep") < 0 && Directory.Exists(work))
                Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The Kane side: organise <paramref name="source"/> into <paramref name="destination"/> with Kane's organize run
    /// (embedded single-node cluster with its SQLite journal in DST/.kane, default layout, duplicates moved to
    /// DST/duplicates), the cluster's start and stop included, and return the number of files it organised.
    /// </summary>
    private static int RunKaneOrganize(string source, string destination) => RunKaneOrganizeAsync(source, destination).GetAwaiter().GetResult();

    private static async Task<int> RunKaneOrganizeAsync(string source, string destination)
    {
        var options = OrganizeValidation.Check(new OrganizeOptions([source], destination), confirmed: false);
        await using var node = await EmbeddedCluster.StartAsync("sqlite:" + Path.Combine(options.StateDirectory, "journal.db"),
            "kane.agents.resource-gates { cpu-warn = 100, memory-warn = 100, cpu-stop = 100, memory-stop = 100 }");
        var summary = await new OrganizeRun(options, new KaneAgentsGateway(node.Agents)).RunAsync();
        if (summary.HasErrors)
            throw new KaneRunFailedException($"the Kane run had {summary.Errors.Count} errors, first: {summary.Errors[0]}");
        Console.WriteLine($"# kane: files={summary.Files} done={summary.Done} duplicate_groups={summary.DuplicateGroups}");
        return (int)summary.Done;
    }

    /// <summary>The mover alone: one large file and many small ones, within /tmp's file system and across to /dev/shm.</summary>
    private static void MoverFigures(string work, int mib)
    {
        var shm = "/dev/shm/kane-bench-organize";
        if (Directory.Exists(shm))
            Directory.Delete(shm, recursive: true);
        Directory.CreateDirectory(Path.Combine(work, "mover"));
        try
        {
            using var journal = MoveJournal.Open(Path.Combine(work, "mover", ".kane"), "bench");
            var big = Path.Combine(work, "mover", "big.bin");
            var content = new byte[1 << 20];
            new Random(1).NextBytes(content);
            using (var f = File.OpenHandle(big, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, (long)mib << 20))
            {
                for (var i = 0; i < mib; i++)
                    RandomAccess.Write(f, content, (long)i << 20);
            }
            Hash128 expected;
            using (var f = File.OpenHandle(big))
            {
                var (hash, _) = FileHashing.Full(f, ContentHashAlgorithm.Xxh128);
                expected = MoveRequest.ExpectedOf(hash)!.Value;
            }
            var started = Stopwatch.GetTimestamp();
            var result = SafeMover.Move(new MoveRequest(big, Path.Combine(shm, "big.bin"), (long)mib << 20, expected), journal);
            var bigSeconds = Seconds(started);
            if (!result.Succeeded || !result.Copied)
                throw new InvalidOperationException($"the cross-file-system move failed: {result}");

            const int small = 2000;
            var sources = new string[small];
            for (var i = 0; i < small; i++)
                File.WriteAllBytes(sources[i] = Path.Combine(work, "mover", $"s{i}.bin"), content.AsSpan(0, 4096 + i).ToArray());
            started = Stopwatch.GetTimestamp();
            for (var i = 0; i < small / 2; i++)
                SafeMover.Move(new MoveRequest(sources[i], Path.Combine(work, "mover", "out", $"s{i}.bin"), 4096 + i, null), journal);
            var sameSeconds = Seconds(started);
            started = Stopwatch.GetTimestamp();
            for (var i = small / 2; i < small; i++)
                SafeMover.Move(new MoveRequest(sources[i], Path.Combine(shm, "out", $"s{i}.bin"), 4096 + i, null), journal);
            var acrossSeconds = Seconds(started);
            Console.WriteLine($"# mover: cross_fs_mb_s={Fmt(((long)mib << 20) / 1e6 / bigSeconds)} (one {mib} MiB file, copy + fsync + read-back verify) " +
                $"same_fs_files_per_s={Fmt(small / 2 / sameSeconds)} cross_fs_small_files_per_s={Fmt(small / 2 / acrossSeconds)} (4 KiB files, one journal fsync per intent)");
        }
        finally
        {
            if (Directory.Exists(shm))
                Directory.Delete(shm, recursive: true);
        }
    }

    /// <summary>The Kane side of the bench did not produce a valid run.</summary>
    private sealed class KaneRunFailedException(string message) : Exception(message);
}
