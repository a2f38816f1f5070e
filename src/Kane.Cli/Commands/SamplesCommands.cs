using System.CommandLine;
using System.Globalization;
using Kane.Organize.Samples;

namespace Kane.Cli.Commands;

/// <summary>
/// <c>kane samples make DIR --files N [--seed S] [--mean-size BYTES] [--spread SIGMA] [--duplicates F]</c>: writes a
/// realistic, deterministic tree of files for demos and benchmarks (<see cref="SampleTree"/>). Runs locally; needs no node.
/// </summary>
internal static class SamplesCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dir = new Argument<string>("DIR") { Description = "A new or empty folder to fill." };
        var files = new Option<int>("--files") { Description = "How many files (duplicates and empty files included).", DefaultValueFactory = _ => SampleTreeOptions.Default.Files };
        var seed = new Option<int>("--seed") { Description = "The same seed always makes the same tree.", DefaultValueFactory = _ => SampleTreeOptions.Default.Seed };
        var meanSize = new Option<long>("--mean-size") { Description = "Mean size of a non-empty file in bytes (default 20000: 200,000 files make about 4 GB).", DefaultValueFactory = _ => SampleTreeOptions.Default.MeanFileBytes };
        var spread = new Option<double>("--spread") { Description = "σ of the log-normal size distribution (0 = equal sizes per kind).", DefaultValueFactory = _ => SampleTreeOptions.Default.SizeSpread };
        var maxSize = new Option<long>("--max-size") { Description = "The largest file in bytes.", DefaultValueFactory = _ => SampleTreeOptions.Default.MaxFileBytes };
        var duplicates = new Option<double>("--duplicates") { Description = "Share of files that duplicate another's content.", DefaultValueFactory = _ => SampleTreeOptions.Default.DuplicateFraction };
        var threads = new Option<int>("--threads") { Description = "Threads writing files (0, the default: one per core)." };
        var awkward = new Option<bool>("--awkward") { Description = "Also make awkward/: bad input (odd names, invalid UTF-8, 255-byte names, symlink loop, FIFO, deep folders, empty and sparse files)." };
        var sparse = new Option<long>("--sparse-size") { Description = "Apparent size in bytes of awkward/sparse.img (with --awkward; 0 for none), e.g. 10737418240 for 10 GiB." };
        var make = new Command("make", "Write a tree of JPEGs with Exif dates, PNGs, MP3s, MP4s, PDFs, text, code and zips, with ~10% duplicates, into DIR.")
        {
            dir, files, seed, meanSize, spread, maxSize, duplicates, threads, awkward, sparse,
        };
        make.SetAction((result, ct) =>
        {
            var options = SampleTreeOptions.Default with
            {
                Files = result.GetValue(files),
                Seed = result.GetValue(seed),
                MeanFileBytes = result.GetValue(meanSize),
                SizeSpread = result.GetValue(spread),
                MaxFileBytes = result.GetValue(maxSize),
                DuplicateFraction = result.GetValue(duplicates),
                Parallelism = result.GetValue(threads),
                Awkward = result.GetValue(awkward),
                SparseFileBytes = result.GetValue(sparse),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                var option = e.ParamName switch
                {
                    nameof(SampleTreeOptions.Files) => "--files",
                    nameof(SampleTreeOptions.MeanFileBytes) => "--mean-size",
                    nameof(SampleTreeOptions.SizeSpread) => "--spread",
                    nameof(SampleTreeOptions.MaxFileBytes) => "--max-size",
                    nameof(SampleTreeOptions.DuplicateFraction) => "--duplicates",
                    nameof(SampleTreeOptions.Parallelism) => "--threads",
                    nameof(SampleTreeOptions.SparseFileBytes) => "--sparse-size",
                    _ => e.ParamName,
                };
                error.WriteLine($"kane samples: bad {option} {e.ActualValue}: {e.Message.Split(" (Parameter")[0]}");
                return Task.FromResult(2);
            }
            try
            {
                var report = SampleTree.Generate(result.GetValue(dir)!, options, ct);
                var c = CultureInfo.InvariantCulture;
                output.WriteLine(string.Create(c, $"made {report.Files} files in {report.Folders} folders, {report.Bytes / 1e6:F1} MB: {report.Duplicates} duplicates ({report.HardLinks} hard links), {report.Empty} empty, {report.WrongExtension} with a misleading extension{(report.Awkward > 0 ? $"; {report.Awkward} awkward entries in awkward/" : "")}"));
                output.WriteLine(string.Create(c, $"in {report.Elapsed.TotalSeconds:F2} s: {report.FilesPerSecond:F0} files/s, {report.MegabytesPerSecond:F0} MB/s"));
                return Task.FromResult(0);
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("kane samples: cancelled; the folder holds a partial tree");
                return Task.FromResult(1);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"kane samples: {e.Message}");
                return Task.FromResult(1);
            }
        });
        return new Command("samples", "Make sample file trees for demos and benchmarks (runs locally).") { make };
    }
}
