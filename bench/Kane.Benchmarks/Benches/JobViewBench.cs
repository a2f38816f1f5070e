using System.Diagnostics;
using System.Globalization;
using Kane.Actors;
using Kane.Actors.Internal;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// What a job view with task rows costs the job entity (<c>kane organize</c> asks for one about four times a second):
/// a job of <c>--tasks</c> (100,000) tasks on three nodes, 90% of them succeeded with four outputs each, the rest
/// running. The view is the one a poll gets (200 rows and the per-node totals, which the job's state keeps as tasks
/// change). The baseline, measured in the same run: the same per-node totals counted over every task's row, one pass
/// over the whole job, which is what each view did before the totals were kept. Also the cost of applying the results,
/// where the totals are now counted.
/// </summary>
internal static class JobViewBench
{
    private const int Samples = 21;

    public static Task<int> Run(string[] args)
    {
        var count = BenchSupport.IntOption(args, "tasks", 100_000);
        BenchSupport.Machine();
        var at = DateTimeOffset.UtcNow;
        var state = new JobState(t => t.Timeout ?? TimeSpan.FromMinutes(1));
        state.Apply(new JobCreated("bench", "organize", TaskPriority.Normal, JobRoots.None, null, new Dictionary<string, string>(), "digest", at));
        var ids = Enumerable.Range(0, count).Select(i => "t" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        state.Apply(new TasksAdded([.. ids.Select(id => new KaneTask(id, "file-hash", TaskPriority.Normal, []))], at));
        var nodes = Enumerable.Range(0, 3).Select(i => new NodeRef($"10.0.0.{i}:4053", i, $"kane://kane@10.0.0.{i}:4053/user/kane-node")).ToArray();
        for (var n = 0; n < nodes.Length; n++)
            state.Apply(new TasksDispatched(nodes[n], [.. ids.Where((_, i) => i % nodes.Length == n).Select(id => new TaskAttempt(id, state.Find(id)!.Attempt))], at));
        var output = new Dictionary<string, string> { ["files"] = "1000", ["bytes"] = "123456789", ["moved"] = "998", ["last"] = "/data/x" };
        var succeeded = count * 9 / 10;
        var sw = Stopwatch.StartNew();
        state.Apply(new TaskResultsRecorded([.. ids.Take(succeeded).Select(id => new RecordedResult(id, 1, "agent/0", null, 0, 10, output, 1))], [], at));
        var applyUs = sw.Elapsed.TotalMilliseconds * 1000 / succeeded;

        var progress = state.Progress(0, 0);
        var viewMs = new List<double>();
        var scanMs = new List<double>();
        IReadOnlyList<NodeTasks> kept = [];
        Dictionary<string, (int Succeeded, long Files)> scanned = [];
        for (var i = 0; i < Samples + 1; i++) // the first of each warms up the JIT and is not counted
        {
            sw.Restart();
            kept = state.View(progress, includeTasks: true, maxTasks: 200).Nodes;
            if (i > 0) viewMs.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            scanned = CountOverRows(state.View(progress, includeTasks: true, maxTasks: int.MaxValue).Tasks);
            if (i > 0) scanMs.Add(sw.Elapsed.TotalMilliseconds);
        }
        // Both must say the same, or the comparison means nothing.
        foreach (var node in kept)
            if (scanned[node.Node] != (node.Succeeded, node.Totals["files"]))
                throw new InvalidOperationException($"{node.Node}: kept {node.Succeeded} tasks, {node.Totals["files"]} files; counted {scanned[node.Node]}");

        var view = BenchSupport.Median(viewMs);
        var scan = BenchSupport.Median(scanMs);
        Console.WriteLine($"# {count} tasks on {nodes.Length} nodes, {succeeded} succeeded; medians of {Samples} alternating samples");
        Console.WriteLine($"jobview: tasks={count} view_ms={view:0.00} scan_ms={scan:0.00} apply_us_per_result={applyUs:0.00} ratio={view / scan:0.000}");
        return Task.FromResult(0);
    }

    /// <summary>Per node: succeeded tasks and the sum of each integer output over them, over every row (compared on <c>files</c>).</summary>
    private static Dictionary<string, (int Succeeded, long Files)> CountOverRows(IReadOnlyList<TaskView> rows)
    {
        var byNode = new Dictionary<string, (int Succeeded, Dictionary<string, long> Totals)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Node is null || row.State != TaskState.Succeeded) continue;
            if (!byNode.TryGetValue(row.Node, out var node)) node = (0, new Dictionary<string, long>(StringComparer.Ordinal));
            foreach (var (key, value) in row.Output)
                if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                    node.Totals[key] = node.Totals.GetValueOrDefault(key) + number;
            byNode[row.Node] = (node.Succeeded + 1, node.Totals);
        }
        return byNode.ToDictionary(kv => kv.Key, kv => (kv.Value.Succeeded, kv.Value.Totals.GetValueOrDefault("files")), StringComparer.Ordinal);
    }
}
