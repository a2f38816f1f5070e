using System.Diagnostics;
using System.Text.Json;
using Kane.Organize.Hashing;
using Kane.Organize.Moving;
using Kane.Organize.Moving.Internal;

namespace Kane.Organize.Tests.Moving;

/// <summary>What a torture run saw: processes killed mid-run, moves they reported, and every broken invariant.</summary>
internal sealed record TortureResult(int Kills, int Rounds, int MovesReported, IReadOnlyList<string> Problems);

/// <summary>
/// Starts the torture host on a fresh tree of files (moves within /tmp's file system and to /dev/shm, so both the
/// rename and the copy path run, plus duplicates deleted or replaced by hard links), SIGKILLs it at a random moment, checks that no file is lost (each file intact
/// at its source or its target, and every move the host reported complete), sometimes kills the recovering process
/// too, then lets a last process finish and checks that every file is exactly once, at its target, intact, with no
/// temporary file left.
/// </summary>
internal static class MoveTortureHarness
{
    private const int Files = 120;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private static string HostPath => Path.Combine(AppContext.BaseDirectory, "Kane.Organize.MoveTortureHost.dll");

    public static async Task<TortureResult> RunAsync(int kills, int seed, Action<string> log)
    {
        var random = new Random(seed);
        var problems = new List<string>();
        var root = $"/tmp/kane-torture-{Guid.NewGuid():N}"[..32];
        var shm = "/dev/shm/" + Path.GetFileName(root);
        var done = 0;
        var rounds = 0;
        var reported = 0;
        var maxDelayMs = 400;
        try
        {
            while (done < kills && rounds < kills * 6)
            {
                rounds++;
                var tree = Tree.Create($"{root}/r{rounds}", $"{shm}/r{rounds}", random);
                var killsThisRound = 0;
                // One kill, sometimes a second one that lands in the recovering process.
                var wanted = random.Next(3) == 0 ? 2 : 1;
                while (killsThisRound < wanted && done < kills)
                {
                    var (killed, moved) = await RunOnce(tree, $"r{rounds}", random.Next(maxDelayMs), problems);
                    reported += moved.Count;
                    if (!killed)
                    {
                        // The host finished before the kill: aim earlier next time.
                        maxDelayMs = Math.Max(20, maxDelayMs / 2);
                        break;
                    }
                    killsThisRound++;
                    done++;
                    tree.CheckNothingLost(moved, problems, $"round {rounds} kill {killsThisRound}");
                    log($"round {rounds}: killed after {moved.Count} reported moves");
                }
                var (_, last) = await RunOnce(tree, $"r{rounds}", null, problems);
                reported += last.Count;
                tree.CheckAllMoved(problems, $"round {rounds} final");
                if (problems.Count > 0)
                    break;
            }
        }
        finally
        {
            foreach (var dir in new[] { root, shm })
            {
                if (Directory.Exists(dir))
                    Directory.Delete(dir, recursive: true);
            }
        }
        return new TortureResult(done, rounds, reported, problems);
    }

    /// <summary>Runs the host until it ends, or kills it <paramref name="killAfterMs"/> after its first line.</summary>
    private static async Task<(bool Killed, List<int> Moved)> RunOnce(Tree tree, string runId, int? killAfterMs, List<string> problems)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { HostPath, tree.Manifest, tree.Journals, runId })
            info.ArgumentList.Add(a);
        using var host = Process.Start(info) ?? throw new InvalidOperationException("cannot start the torture host");
        var moved = new List<int>();
        var firstLine = new TaskCompletionSource();
        var finished = false;
        var reading = Task.Run(async () =>
        {
            while (await host.StandardOutput.ReadLineAsync() is { } line)
            {
                firstLine.TrySetResult();
                if (line.StartsWith("moved ", StringComparison.Ordinal) && int.TryParse(line[6..], out var i))
                    lock (moved) moved.Add(i);
                else if (line == "all done")
                    finished = true;
            }
            firstLine.TrySetResult();
        });
        var errors = host.StandardError.ReadToEndAsync();
        var killed = false;
        if (killAfterMs is { } delay)
        {
            await firstLine.Task.WaitAsync(s_timeout);
            await Task.Delay(delay);
            if (!host.HasExited)
            {
                host.Kill(); // SIGKILL on Linux
                killed = true;
            }
        }
        await host.WaitForExitAsync().WaitAsync(s_timeout);
        await reading;
        var stderr = await errors;
        if (!killed && (host.ExitCode != 0 || !finished))
            problems.Add($"{runId}: the host ended with exit code {host.ExitCode} without killing: {stderr}");
        return (killed && !finished, moved);
    }

    /// <summary>A tree of files to move, what each holds, and the manifest the host reads.</summary>
    private sealed class Tree
    {
        private readonly List<(MoveRequest Request, byte[] Content)> _files = [];

        private Tree(string journals, string manifest)
        {
            Journals = journals;
            Manifest = manifest;
        }

        public string Journals { get; }

        public string Manifest { get; }

        public static Tree Create(string disk, string shm, Random random)
        {
            var tree = new Tree($"{disk}/journal", $"{disk}/manifest.json");
            for (var i = 0; i < Files; i++)
            {
                var size = (i % 10) switch
                {
                    0 => i == 0 ? 0 : random.Next(1, 64),
                    < 6 => random.Next(64, 64 * 1024),
                    < 9 => random.Next(64 * 1024, 1 << 20),
                    _ => random.Next(1 << 20, 6 << 20),
                };
                var content = new byte[size];
                random.NextBytes(content);
                var name = $"file {i} 'q' \"d\" -x.bin";
                var source = $"{disk}/src/d{i % 7}/{name}";
                // Most files move (even: within the file system, odd: to tmpfs); some are duplicates of an original
                // kept in place, deleted (i % 10 == 7) or replaced by a hard link (i % 10 == 8).
                var kind = (i % 10) switch { 7 => MoveKind.DeleteDuplicate, 8 => MoveKind.LinkDuplicate, _ => MoveKind.Move };
                var target = kind == MoveKind.Move ? $"{(i % 2 == 0 ? disk : shm)}/dst/c{i % 5}/{name}" : $"{disk}/originals/{name}";
                Directory.CreateDirectory(Path.GetDirectoryName(source)!);
                File.WriteAllBytes(source, content);
                if (kind != MoveKind.Move)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.WriteAllBytes(target, content);
                }
                tree._files.Add((new MoveRequest(source, target, size, Xxh3.Hash128(content), kind), content));
            }
            var manifest = tree._files.Select(f => new[]
            {
                f.Request.Source, f.Request.Target, f.Request.Size.ToString(), f.Request.Expected!.Value.Low.ToString(), f.Request.Expected.Value.High.ToString(),
                f.Request.Kind.ToString(),
            }).ToArray();
            File.WriteAllText(tree.Manifest, JsonSerializer.Serialize(manifest));
            return tree;
        }

        /// <summary>Right after a kill: every file intact somewhere, and every reported move at its target.</summary>
        public void CheckNothingLost(List<int> moved, List<string> problems, string when)
        {
            for (var i = 0; i < _files.Count; i++)
            {
                var (r, content) = _files[i];
                var atSource = Scratch.Read(r.Source) is { } s && s.AsSpan().SequenceEqual(content);
                var atTarget = Scratch.Read(r.Target) is { } t && t.AsSpan().SequenceEqual(content);
                if (r.Kind != MoveKind.Move)
                {
                    // The original is never touched; the duplicate is intact (maybe already a link) or, if deleted, gone.
                    if (!atTarget)
                        problems.Add($"{when}: the original of duplicate {i} is damaged or gone");
                    if (!atSource && (r.Kind == MoveKind.LinkDuplicate || Scratch.Exists(r.Source)))
                        problems.Add($"{when}: duplicate {i} is damaged");
                    if (moved.Contains(i) && !Finished(r))
                        problems.Add($"{when}: duplicate {i} was reported done but is not");
                    continue;
                }
                if (!atSource && !atTarget)
                    problems.Add($"{when}: file {i} is intact neither at its source nor at its target");
                if (moved.Contains(i) && (!atTarget || Scratch.Exists(r.Source)))
                    problems.Add($"{when}: file {i} was reported moved but is not (only) at its target");
            }
        }

        /// <summary>A duplicate operation is finished: deleted, or its path is the original's inode.</summary>
        private static bool Finished(MoveRequest r) => r.Kind == MoveKind.DeleteDuplicate
            ? !Scratch.Exists(r.Source)
            : Posix.Stat(r.Source, out var s) == 0 && Posix.Stat(r.Target, out var t) == 0 && s.SameFileAs(t);

        /// <summary>After a process ran to the end: each file exactly once, at its target, intact; no temp files.</summary>
        public void CheckAllMoved(List<string> problems, string when)
        {
            for (var i = 0; i < _files.Count; i++)
            {
                var (r, content) = _files[i];
                if (Scratch.Read(r.Target) is not { } t || !t.AsSpan().SequenceEqual(content))
                    problems.Add($"{when}: file {i} is not intact at its target");
                if (r.Kind == MoveKind.Move ? Scratch.Exists(r.Source) : !Finished(r))
                    problems.Add($"{when}: {r.Kind} {i} is not finished");
                if (r.Kind == MoveKind.LinkDuplicate && (Scratch.Read(r.Source) is not { } l || !l.AsSpan().SequenceEqual(content)))
                    problems.Add($"{when}: linked duplicate {i} does not read as its content");
            }
            var folders = _files.Select(f => Path.GetDirectoryName(f.Request.Target)!).Concat(_files.Select(f => Path.GetDirectoryName(f.Request.Source)!)).Distinct();
            foreach (var folder in folders.Where(Directory.Exists))
            {
                foreach (var stray in Directory.EnumerateFiles(folder, ".kane-*"))
                    problems.Add($"{when}: temporary file '{stray}' left behind");
            }
        }
    }
}
