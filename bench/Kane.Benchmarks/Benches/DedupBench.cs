using System.Diagnostics;
using System.Globalization;
using Kane.Actor;
using Kane.Actors;
using Kane.Cluster;
using Kane.Organize.Handlers;
using Kane.Persistence.Sql;
using Kane.Remote;
using Kane.Organize.Catalog;
using Kane.Organize.Run;
using static Kane.Benchmarks.Benches.BenchSupport;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// Finding duplicate groups on a generated tree (default 200,000 files, ~4 GB; ~10% duplicates, many same-size
/// files with different content), page cache warm: Kane on an embedded node (scan job, then hash and duplicate-check
/// tasks over the SQLite catalog) against jdupes, rdfind, rmlint and fdupes (Debian packages; `apt-get install` them
/// if missing, a tool not installed is reported and left out). The tools run in --rounds N (3) interleaved rounds
/// (Kane, then each peer), each run right after its own warm-up read, Kane in a fresh process each round; every figure
/// is the median of its rounds (the three-process cluster runs once); every tool's groups are compared with Kane's. Options: --files N, --mean-kib K, --per-task N (files per hash task, 5000), --dir PATH (reuse a tree), --keep,
/// --profile (time the pieces without the cluster first), --verbose (per-task timings), --no-peers (Kane alone, for a profiler),
/// --no-cluster (skip the three-process run, <c>kane_cluster=not-run</c>), --cluster-workers N (its worker processes, 2),
/// --repeat N (diagnostic: N searches on the embedded node, the later ones with the JIT warm; the summary keeps the first),
/// --scan-budget N (diagnostic: entries the first scan task walks before it hands the rest to follow-ups; 100,000),
/// --jit-stats (diagnostic: methods jitted inside <c>kane=</c>, by namespace; with --jit-list, every one of them).
/// </summary>
internal static class DedupBench
{
    private static readonly string[] Peers = ["jdupes", "rdfind", "rmlint", "fdupes"];
    private const string Secret = "dedup-bench";
    private const string NodeSwitch = "--node-process";
    private const string KaneOnceSwitch = "--kane-once";
    private const string KaneOnceLine = "kane-once:";

    /// <summary>The defaults less the resource gates, as the embedded node runs (the bench saturates the machine on purpose).</summary>
    private static readonly KaneAgentsSettings AgentSettings = KaneAgentsSettings.Default with
    {
        GateCpuWarn = 100, GateCpuStop = 100, GateMemoryWarn = 100, GateMemoryStop = 100,
    };

    public static async Task<int> Run(string[] args)
    {
        if (args.Contains(NodeSwitch)) return await NodeProcess(args);
        if (args.Contains(KaneOnceSwitch)) return await KaneOnce(args);
        var files = IntOption(args, "files", 200_000);
        ScanBudget = IntOption(args, "scan-budget", ScanBudget);
        var meanKib = IntOption(args, "mean-kib", 20);
        var dir = StringOption(args, "dir") ?? Path.Combine(Path.GetTempPath(), $"kane-dedup-v2-{files}-{meanKib}");
        Machine();
        var tree = Path.Combine(dir, "tree");
        if (!File.Exists(Path.Combine(dir, "done")))
        {
            var start = Stopwatch.GetTimestamp();
            Generate(tree, files, meanKib);
            File.WriteAllText(Path.Combine(dir, "done"), "");
            Console.WriteLine($"# generated {files} files in {Fmt2(Seconds(start))} s under {tree}");
        }
        var bytes = Warm(tree, "tree");
        Console.WriteLine($"# tree: {files} files, {bytes / 1e9:0.00} GB");

        if (args.Contains("--profile")) Profile(dir, tree);
        var perTask = IntOption(args, "per-task", 5000);
        var rounds = Math.Max(1, IntOption(args, "rounds", 3));
        var peers = args.Contains("--no-peers") ? [] : Peers;
        // Rounds interleave the tools (Kane, then each peer), so that a change in the machine's speed during the run
        // falls on all of them; each figure is the median of its rounds. Kane runs in a fresh process each round
        // (like a `kane` command): in this process a second search would skip the first one's JIT.
        var kaneRuns = new List<(double Seconds, double Boot)>();
        HashSet<Group>? kaneGroups = null;
        var peerRuns = peers.ToDictionary(p => p, _ => new List<double>());
        var peerGroups = new Dictionary<string, HashSet<Group>>();
        var missing = new HashSet<string>();
        for (var round = 1; round <= rounds; round++)
        {
            Warm(tree, $"kane (round {round})");
            var (seconds, boot) = await KaneProcess(dir, args);
            kaneRuns.Add((seconds, boot));
            Console.WriteLine($"# kane round {round}: {Fmt2(seconds)} s (node up in {Fmt2(boot)} s)");
            kaneGroups ??= ReadGroups(Options(dir, "kane-dst", tree, perTask, clean: false).CatalogPath);
            foreach (var peer in peers.Where(p => !missing.Contains(p)))
            {
                Warm(tree, $"{peer} (round {round})");
                if (RunPeer(peer, dir, tree) is not { } run)
                {
                    missing.Add(peer);
                    Console.WriteLine($"{peer}: not installed (apt-get install {peer})");
                    continue;
                }
                peerRuns[peer].Add(run.Seconds);
                peerGroups.TryAdd(peer, run.Groups);
                Console.WriteLine($"# {peer} round {round}: {Fmt2(run.Seconds)} s");
            }
        }
        var kaneSeconds = Median(kaneRuns.Select(r => r.Seconds));
        var bootSeconds = Median(kaneRuns.Select(r => r.Boot));
        Console.WriteLine($"kane: {Fmt2(kaneSeconds)} s (median of {rounds}: {string.Join(", ", kaneRuns.Select(r => Fmt2(r.Seconds)))}), {kaneGroups!.Count} groups, {files / kaneSeconds:0} files/s");
        HashSet<Group>? clusterGroups = null;
        var clusterResult = "not-run";
        if (!args.Contains("--no-cluster"))
        {
            Warm(tree, "kane_cluster");
            var (clusterSeconds, _, groups) = await KaneCluster(dir, tree, perTask, args);
            clusterGroups = groups;
            clusterResult = Fmt2(clusterSeconds);
            Console.WriteLine($"kane_cluster: {Fmt2(clusterSeconds)} s (one run), {groups.Count} groups, {files / clusterSeconds:0} files/s, " +
                $"{(groups.SetEquals(kaneGroups) ? "same groups as kane" : "DIFFERENT groups from kane")}");
        }
        var agreeCluster = new List<string>();
        var results = new Dictionary<string, string>();
        var agree = new List<string>();
        foreach (var peer in peers)
        {
            if (missing.Contains(peer))
            {
                results[peer] = "missing";
                continue;
            }
            var same = peerGroups[peer].SetEquals(kaneGroups);
            if (same) agree.Add(peer);
            var sameCluster = clusterGroups is not null && peerGroups[peer].SetEquals(clusterGroups);
            if (sameCluster) agreeCluster.Add(peer);
            var median = Median(peerRuns[peer]);
            results[peer] = Fmt2(median);
            Console.WriteLine($"{peer}: {Fmt2(median)} s (median of {rounds}: {string.Join(", ", peerRuns[peer].Select(Fmt2))}), {peerGroups[peer].Count} groups, {(same ? "same groups as kane" : "DIFFERENT groups from kane")}" +
                (clusterGroups is null ? "" : sameCluster ? ", same as kane_cluster" : ", DIFFERENT groups from kane_cluster"));
        }
        if (args.Contains("--no-peers")) return 0;
        var best = results.Values.Where(v => v != "missing").Select(v => double.Parse(v, CultureInfo.InvariantCulture)).DefaultIfEmpty(double.NaN).Min();
        Console.WriteLine($"dedup: kane={Fmt2(kaneSeconds)} kane_cluster={clusterResult} {string.Join(" ", Peers.Select(p => $"{p}={results[p]}"))} " +
            $"ratio_best_peer={Fmt2(kaneSeconds / best)} kane_with_start={Fmt2(kaneSeconds + bootSeconds)} files={files} groups={kaneGroups.Count} agree={(agree.Count == 0 ? "none" : string.Join(",", agree))}" +
            (clusterGroups is null ? "" : $" agree_cluster={(agreeCluster.Count == 0 ? "none" : string.Join(",", agreeCluster))}") + $" rounds={rounds}");
        if (!args.Contains("--keep") && StringOption(args, "dir") is null) Directory.Delete(dir, recursive: true);
        return 0;
    }

    /// <summary>Nested folders; sizes log-uniform from 1 KiB to 4x the mean; one file in ten a copy of an earlier one, one in five the size of an earlier one with other bytes.</summary>
    private static void Generate(string tree, int files, int meanKib)
    {
        var random = new Random(20261124);
        var sizes = new List<int>();
        var seeds = new List<int>();
        var buffer = new byte[meanKib * 1024 * 4 + 1];
        for (var i = 0; i < files; i++)
        {
            int size, seed;
            var roll = random.NextDouble();
            if (i > 0 && roll < 0.10)
            {
                var j = random.Next(i);
                (size, seed) = (sizes[j], seeds[j]);
            }
            else if (i > 0 && roll < 0.30)
            {
                size = sizes[random.Next(i)];
                seed = random.Next();
            }
            else
            {
                // Log-uniform from 1 KiB to 4x the mean's upper bound: its mean is close to --mean-kib.
                size = (int)Math.Exp(Math.Log(1024) + random.NextDouble() * (Math.Log(meanKib * 1024.0 * 4) - Math.Log(1024)));
                seed = random.Next();
            }
            sizes.Add(size);
            seeds.Add(seed);
            var path = Path.Combine(tree, $"d{i % 97:D2}", $"e{i / 97 % 31:D2}", $"f{i:D7}.bin");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            new Random(seed).NextBytes(buffer.AsSpan(0, size));
            File.WriteAllBytes(path, buffer[..size]);
        }
    }

    /// <summary>
    /// Reads every file so the page cache holds the tree, right before each tool runs: this machine's kernel (DAMON
    /// pageout) evicts pages idle for about a minute, so one read at the start leaves the later tools a colder cache
    /// than the first. A read slower than 20 s was mostly from disk and its first files may be gone again: read again.
    /// </summary>
    private static long Warm(string tree, string before)
    {
        for (var attempt = 1; ; attempt++)
        {
            var start = Stopwatch.GetTimestamp();
            var bytes = ReadAll(tree);
            var seconds = Seconds(start);
            Console.WriteLine($"# warm read before {before}: {Fmt2(seconds)} s");
            if (seconds < 20 || attempt == 3) return bytes;
        }
    }

    private static long ReadAll(string tree)
    {
        long total = 0;
        var buffer = new byte[1 << 20];
        foreach (var f in Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories))
        {
            using var s = File.OpenRead(f);
            int n;
            while ((n = s.Read(buffer)) > 0) total += n;
        }
        return total;
    }

    /// <summary>
    /// One Kane round in a fresh process (this program with <c>--kane-once</c>, the same runtime settings): its search
    /// time and its node's start-up, from the child's last line; its output goes to this one's.
    /// </summary>
    private static async Task<(double Seconds, double Boot)> KaneProcess(string dir, string[] args)
    {
        string[] childArgs = [Path.Combine(AppContext.BaseDirectory, "Kane.Benchmarks.dll"), "dedup", KaneOnceSwitch,
            .. args.Where(a => a != "dedup"), .. args.Contains("--dir") ? [] : new[] { "--dir", dir }];
        var info = new ProcessStartInfo("dotnet", childArgs) { UseShellExecute = false, RedirectStandardOutput = true };
        using var child = Process.Start(info)!;
        (double, double)? result = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(KaneOnceLine, StringComparison.Ordinal))
            {
                var parts = line[KaneOnceLine.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                result = (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
            }
            else Console.WriteLine(line);
        }
        await child.WaitForExitAsync();
        if (child.ExitCode != 0 || result is not { } r)
            throw new InvalidOperationException($"the Kane round's process exited {child.ExitCode} without its result line");
        return r;
    }

    /// <summary>The child side of <see cref="KaneProcess"/>: one search on a fresh embedded node, then one result line.</summary>
    private static async Task<int> KaneOnce(string[] args)
    {
        var dir = StringOption(args, "dir")!;
        ScanBudget = IntOption(args, "scan-budget", ScanBudget);
        var (seconds, boot, _) = await Kane(dir, Path.Combine(dir, "tree"), IntOption(args, "per-task", 5000), args);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{KaneOnceLine} {seconds:R} {boot:R}"));
        return 0;
    }

    /// <summary>The duplicate groups a search left in the catalog at <paramref name="catalogPath"/>.</summary>
    private static HashSet<Group> ReadGroups(string catalogPath)
    {
        using var catalog = OrganizeCatalog.Open(catalogPath);
        var groups = catalog.AllFiles().Where(f => f.DupOf is not null).GroupBy(f => f.DupOf!.Value).ToDictionary(g => g.Key, g => g.Select(f => f.Path).ToList());
        var byId = catalog.AllFiles().ToDictionary(f => f.Id, f => f.Path);
        return [.. groups.Select(g => new Group([byId[g.Key], .. g.Value]))];
    }

    /// <summary>Kane's time from the scan job's submission to the end of the duplicate job, and the node's start-up before it.</summary>
    private static async Task<(double Seconds, double Boot, HashSet<Group> Groups)> Kane(string dir, string tree, int perTask, string[] args)
    {
        var options = Options(dir, "kane-dst", tree, perTask);
        var boot = Stopwatch.GetTimestamp();
        await using var node = await EmbeddedCluster.StartAsync("sqlite:" + Path.Combine(dir, "kane-journal.db"),
            "kane.agents.resource-gates { cpu-warn = 100, memory-warn = 100, cpu-stop = 100, memory-stop = 100 }");
        var bootSeconds = Seconds(boot);
        Console.WriteLine($"# kane: embedded node up in {Fmt2(bootSeconds)} s (kane_with_start= includes it)");
        using var jit = args.Contains("--jit-stats") ? new JitListener() : null;
        if (jit is not null) jit.Counting = true;
        var (seconds, groups) = await Search(node.Agents, options, "kane", args);
        if (jit is not null)
        {
            jit.Counting = false;
            Console.WriteLine($"# kane: JIT inside kane=: {jit.Report(12)}");
            if (args.Contains("--jit-list"))
                foreach (var m in jit.Methods) Console.WriteLine($"# jit: {m}");
        }
        // Diagnostic only: later searches on the same node run with the JIT warm; the summary keeps the first, cold one.
        for (var i = 2; i <= IntOption(args, "repeat", 1); i++)
        {
            var (again, _) = await Search(node.Agents, Options(dir, "kane-dst", tree, perTask), $"kane run {i} (warm, not in the summary)", args);
            Console.WriteLine($"# kane run {i}: {Fmt2(again)} s");
        }
        return (seconds, bootSeconds, groups);
    }

    /// <summary>
    /// The same search on three processes of this machine: this one as seed and client (it submits and reads the
    /// catalog, runs no agents) and <c>--cluster-workers</c> (2) worker processes running the organize handlers, all
    /// sharing one SQLite journal file and the catalog under the target's .kane. Timed like <see cref="Kane"/>; the
    /// cluster's start-up (until every worker's agents report) is printed apart.
    /// </summary>
    private static async Task<(double Seconds, double Boot, HashSet<Group> Groups)> KaneCluster(string dir, string tree, int perTask, string[] args)
    {
        var options = Options(dir, "kane-cluster-dst", tree, perTask);
        var journalPath = Path.Combine(dir, "kane-cluster-journal.db");
        foreach (var f in new[] { journalPath, journalPath + "-wal", journalPath + "-shm" }) File.Delete(f);
        var journal = "sqlite:" + journalPath;
        var workerCount = IntOption(args, "cluster-workers", 2);
        var boot = Stopwatch.GetTimestamp();
        var port = BenchProcesses.FreePort();
        var system = NewSystem("kane", ActorSystemSettings.Default.WithRemoting(RemoteSettings.Default with { Hostname = "127.0.0.1", Port = port, Secret = Secret }));
        var workers = new List<Process>();
        try
        {
            SqlPersistence.Install(system, journal);
            var cluster = system.StartCluster(ClusterSettings.Default with { SeedNodes = [system.Address] });
            await cluster.WhenUp.WaitAsync(TimeSpan.FromSeconds(30));
            for (var i = 0; i < workerCount; i++)
                workers.Add(BenchProcesses.StartWorker("dedup", NodeSwitch, BenchProcesses.FreePort(), $"127.0.0.1:{port}", journal, Path.Combine(dir, $"cluster-node{i + 1}.log")));
            var agents = KaneAgents.StartClient(system, AgentSettings);
            await BenchProcesses.WaitForWorkers(agents, workerCount, TimeSpan.FromSeconds(90), dir);
            var bootSeconds = Seconds(boot);
            Console.WriteLine($"# kane_cluster: {workerCount + 1} processes (this one as seed and client, {workerCount} workers) up in {Fmt2(bootSeconds)} s, journal {journalPath}");
            var (seconds, groups) = await Search(agents, options, "kane_cluster", args);
            await Task.Delay(agents.Settings.StatusReportInterval * 3); // the workers' latest reports reach the coordinator
            var stats = await agents.GetTaskStatsAsync();
            Console.WriteLine($"# kane_cluster: tasks completed per node {string.Join(" ", stats.Nodes.Select(n => $"{n.Node}={n.Completed}"))}; stolen {stats.Nodes.Sum(n => n.StolenIn)}");
            return (seconds, bootSeconds, groups);
        }
        finally
        {
            BenchProcesses.StopWorkers(workers);
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(60));
            OrganizeCatalog.CloseShared();
        }
    }

    /// <summary>A cluster worker: joins the seed with the worker role and runs agents with the organize handlers until its stdin closes.</summary>
    private static async Task<int> NodeProcess(string[] args)
    {
        var port = IntOption(args, BenchProcesses.PortOption, 0);
        var seed = StringOption(args, BenchProcesses.SeedOption)!;
        var journal = StringOption(args, BenchProcesses.JournalOption)!;
        var system = NewSystem("kane", ActorSystemSettings.Default.WithRemoting(RemoteSettings.Default with { Hostname = "127.0.0.1", Port = port, Secret = Secret }));
        SqlPersistence.Install(system, journal);
        var cluster = system.StartCluster(ClusterSettings.Default with { SeedNodes = [Address.Parse($"kane.tcp://kane@{seed}")], Roles = [AgentSettings.Role] });
        await cluster.WhenUp.WaitAsync(TimeSpan.FromSeconds(60));
        KaneAgents.Start(system, new TaskHandlerRegistry().RegisterOrganize(), AgentSettings);
        Console.WriteLine($"node up at {system.Address}");
        await Console.In.ReadToEndAsync();
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        OrganizeCatalog.CloseShared(); // checkpoints the catalog's WAL
        return 0;
    }

    /// <summary>A dry run from <paramref name="tree"/> into DIR/<paramref name="target"/> (emptied first); the catalog lives in its .kane.</summary>
    /// <summary>--scan-budget N (diagnostic): entries the first scan task walks before it hands folders to follow-ups.</summary>
    private static int ScanBudget = new OrganizeOptions([], "/").ScanBudget;

    private static OrganizeOptions Options(string dir, string target, string tree, int perTask, bool clean = true)
    {
        var dst = Path.Combine(dir, target);
        if (clean && Directory.Exists(dst)) Directory.Delete(dst, recursive: true);
        return OrganizeValidation.Check(new OrganizeOptions([tree], dst) { DryRun = true, StateDirectory = Path.Combine(dst, ".kane"), FilesPerTask = perTask, ScanBudget = ScanBudget }, confirmed: false);
    }

    /// <summary>The timed part: the scan job, then the duplicate job built from the catalog; the groups read back from the catalog.</summary>
    private static async Task<(double Seconds, HashSet<Group> Groups)> Search(KaneAgents agents, OrganizeOptions options, string label, string[] args)
    {
        var start = Stopwatch.GetTimestamp();
        var (cpu, user) = (Process.GetCurrentProcess().TotalProcessorTime, Process.GetCurrentProcess().UserProcessorTime);
        using var catalog = OrganizeCatalog.Open(options.CatalogPath);
        JobBuilder.WriteSettings(catalog, options, "bench");
        var id = "dedup-" + Guid.NewGuid().ToString("N")[..8];
        await agents.SubmitAsync(JobBuilder.Scan(id + "-scan", options));
        await Wait(agents, id + "-scan");
        var scanned = Seconds(start);
        await agents.SubmitAsync(JobBuilder.Dedup(id + "-dedup", options, catalog));
        var view = await Wait(agents, id + "-dedup");
        var seconds = Seconds(start);
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var userSeconds = (Process.GetCurrentProcess().UserProcessorTime - user).TotalSeconds;
        Console.WriteLine($"# {label}: dedup job {view.Progress.Total} tasks");
        if (args.Contains("--verbose"))
            foreach (var t in (await agents.GetJobAsync(id + "-scan", includeTasks: true))!.Tasks.Concat((await agents.GetJobAsync(id + "-dedup", includeTasks: true))!.Tasks))
                Console.WriteLine($"#   {t.TaskId}: {string.Join(", ", t.Output.Select(kv => $"{kv.Key}={kv.Value}"))}");
        Console.WriteLine($"# {label}: scan {Fmt2(scanned)} s, hash and group {Fmt2(seconds - scanned)} s; " +
            $"CPU of this process in that time {Fmt2(cpuSeconds)} s (user {Fmt2(userSeconds)}, system {Fmt2(cpuSeconds - userSeconds)})");
        return (seconds, ReadGroups(options.CatalogPath));
    }

    /// <summary>The pieces of Kane's search timed alone, without the cluster: where the time goes.</summary>
    private static void Profile(string dir, string tree)
    {
        var t = Stopwatch.GetTimestamp();
        var scan = global::Kane.Organize.Scanning.DirectoryWalker.Walk([tree], []);
        var cold = Seconds(t);
        var (warm, warmCpu) = (double.MaxValue, double.MaxValue);
        for (var i = 0; i < 3; i++)
        {
            t = Stopwatch.GetTimestamp();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            global::Kane.Organize.Scanning.DirectoryWalker.Walk([tree], []);
            warm = Math.Min(warm, Seconds(t));
            warmCpu = Math.Min(warmCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        }
        Console.WriteLine($"# profile: walk {Fmt2(cold)} s first, {Fmt2(warm)} s warm (best of 3, {Fmt2(warmCpu)} s CPU) ({scan.Files.Count} files)");
        var path = Path.Combine(dir, "profile", ".kane", "catalog.db");
        if (Directory.Exists(Path.Combine(dir, "profile"))) Directory.Delete(Path.Combine(dir, "profile"), recursive: true);
        using var catalog = OrganizeCatalog.Open(path);
        t = Stopwatch.GetTimestamp();
        catalog.AddScan(scan.Files, scan.Issues);
        Console.WriteLine($"# profile: catalog insert {Fmt2(Seconds(t))} s");
        t = Stopwatch.GetTimestamp();
        var files = catalog.HashCandidates(0, long.MaxValue);
        Console.WriteLine($"# profile: catalog read {Fmt2(Seconds(t))} s ({files.Count} files)");
        t = Stopwatch.GetTimestamp();
        var (hashes, _) = global::Kane.Organize.Dedup.StagedHasher.Hash(files, Environment.ProcessorCount, CancellationToken.None);
        Console.WriteLine($"# profile: staged hash {Fmt2(Seconds(t))} s ({hashes.Count} full)");
        t = Stopwatch.GetTimestamp();
        catalog.SetHashes(0, long.MaxValue, files.Count, hashes);
        Console.WriteLine($"# profile: catalog hash write {Fmt2(Seconds(t))} s");
        t = Stopwatch.GetTimestamp();
        var groups = global::Kane.Organize.Dedup.DuplicateGroups.Find(catalog.HashedFiles(0, long.MaxValue));
        Console.WriteLine($"# profile: read and group {Fmt2(Seconds(t))} s ({groups.Count} groups)");
    }

    private static async Task<JobView> Wait(KaneAgents agents, string jobId)
    {
        var view = await agents.WaitForJobAsync(jobId, TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(20));
        if (view.Status != JobStatus.Completed)
            throw new InvalidOperationException($"job {jobId} ended {view.Status}: {string.Join("; ", view.Errors.Select(e => e.Error))}");
        return view;
    }

    private static (double Seconds, HashSet<Group> Groups)? RunPeer(string tool, string dir, string tree)
    {
        var output = Path.Combine(dir, tool + ".out");
        File.Delete(output);
        string[] args = tool switch
        {
            "jdupes" => ["-r", "-q", tree],
            "fdupes" => ["-r", "-n", "-q", tree],
            "rdfind" => ["-dryrun", "true", "-outputname", output, tree],
            _ => ["-T", "df", "-o", "fdupes:" + output, "--no-with-color", tree],
        };
        var info = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        var start = Stopwatch.GetTimestamp();
        Process p;
        try
        {
            p = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        var seconds = Seconds(start);
        var text = tool is "rdfind" or "rmlint" ? File.ReadAllText(output) : stdout.Result;
        return (seconds, tool == "rdfind" ? Rdfind(text) : Blocks(text));
    }

    /// <summary>fdupes-style output: groups of paths separated by blank lines.</summary>
    private static HashSet<Group> Blocks(string text) =>
        [.. text.Replace("\r", "").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(b => b.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.StartsWith('/')).ToList())
            .Where(g => g.Count > 1).Select(g => new Group(g))];

    /// <summary>rdfind's results.txt: "duptype id depth size device inode priority name"; one id per group.</summary>
    private static HashSet<Group> Rdfind(string text) =>
        [.. text.Split('\n').Where(l => l.StartsWith("DUPTYPE_", StringComparison.Ordinal))
            .Select(l => l.Split(' ', 8))
            .GroupBy(f => Math.Abs(long.Parse(f[1], CultureInfo.InvariantCulture)))
            .Select(g => g.Select(f => f[7]).ToList()).Where(g => g.Count > 1).Select(g => new Group(g))];

    /// <summary>A duplicate group as a set of paths, comparable across tools.</summary>
    private sealed class Group(IEnumerable<string> paths) : IEquatable<Group>
    {
        private readonly string[] _paths = [.. paths.Order(StringComparer.Ordinal)];

        public bool Equals(Group? other) => other is not null && _paths.SequenceEqual(other._paths);

        public override bool Equals(object? obj) => Equals(obj as Group);

        public override int GetHashCode() => _paths.Aggregate(17, (h, p) => h * 31 + p.GetHashCode(StringComparison.Ordinal));
    }
}
