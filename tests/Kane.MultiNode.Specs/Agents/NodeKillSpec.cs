using System.Text.Json;
using Kane.Actors;
using Kane.Persistence.Sql.Sqlite;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>
/// Three worker nodes, 600 marker tasks of 10–50 ms; a worker is SIGKILLed while it runs some (<see cref="NodeKillSpec"/>:
/// the third, driven from the first; <see cref="JobHomeKillSpec"/>: the one hosting the job entity, driven from a
/// client member). Every task still completes; no effect is applied twice (a second marker is a fatal EEXIST unless
/// a re-dispatched attempt finds the killed attempt's marker); at the end each task has one marker and one success.
/// Survivors run only attempts that the job journaled as dispatched, except, when the job's node is killed, "ghosts":
/// attempts the dying job sent while their dispatch was still being written (decision 0019), which its recovery made
/// stale; their results are ignored and the task runs again as a later attempt.
/// Reports kill → first re-dispatch of a task the killed node was running (from the survivors' run logs), and the
/// tasks that only the attempt timeout (10 s here, far above the 50 ms a task takes) brought back: steals whose
/// ReassignTasks was lost with the job's node leave their tasks recorded as dispatched to the live victim, which no
/// longer has them (reported to the jobs/agents owners; with the default 5 min timeout the job would hang that long).
/// </summary>
public abstract class KillSpecBase(bool killJobHome) : AgentsSpec(new AgentsClusterConfig(3, "task-timeout = 10s", splitBrainResolver: true,
    timeoutSeconds: 90, client: killJobHome))
{
    // A JobView with every task row must fit one remote frame (128 KB, some 850 rows) when the driver is a client.
    private const int Tasks = 600;

    protected override async Task RunAsync()
    {
        await StartAgents(new TaskHandlerRegistry().Register(new WorkHandler(MarkerDirectory, Runs)), agentsPerNode: 4);
        var job = Job("kill-600", Enumerable.Range(0, Tasks).Select(i => WorkHandler.Task($"t{i:D4}", 10, 50)));
        await RunOnAsync(() => SubmitInChunks(job), Driver);
        await EnterBarrierAsync("submitted");
        if (await HostsJob(job.JobId))
            await File.WriteAllTextAsync(Path.Combine(SharedDirectory, "job-home"), Myself.Name);
        await EnterBarrierAsync("located");
        var home = await File.ReadAllTextAsync(Path.Combine(SharedDirectory, "job-home"));
        var victim = killJobHome ? Config.Nodes.Single(n => n.Name == home) : Config.Nodes[2];
        await RunOnAsync(async () =>
        {
            var victimNode = NodeName(victim);
            // Mid-job: the victim has finished some of its tasks and the job has most still to do. (A marker being
            // created is empty for a moment.)
            await AwaitAsync(() => Markers.ReadJob(MarkerDirectory, job.JobId).Values.Count(l => l.Count > 0 && l[0].Node == victimNode) >= 20,
                "20 tasks done on the victim");
            var killedAt = DateTime.UtcNow;
            await TestConductor.Kill(victim);
            var doneAtKill = Markers.ReadJob(MarkerDirectory, job.JobId).Count;

            var end = await AwaitJob(job.JobId, TimeSpan.FromSeconds(60));
            Assert.True(end.Status == JobStatus.Completed, $"job ended {end.Status}: {string.Join("; ", end.Errors.Select(e => $"{e.TaskId} {e.Error}"))}");
            Assert.Equal((Tasks, Tasks, 0, 0), (end.Progress.Total, end.Progress.Succeeded, end.Progress.Failed, end.Progress.Abandoned));
            var view = await FullView(job.JobId);
            Assert.Equal(Tasks, view.Tasks.Count);
            Assert.All(view.Tasks, t => Assert.Equal(TaskState.Succeeded, t.State));

            var markers = Markers.ReadJob(MarkerDirectory, job.JobId);
            Assert.Equal(Tasks, markers.Count); // one marker per task
            var runs = RunLog.ReadAll(RunDirectory).Where(r => r.JobId == job.JobId).ToList();
            var journaled = await JournaledAttempts(job.JobId);
            // A survivor's attempt that the journal never saw dispatched: only the killed job can have sent it.
            bool Ghost(string taskId, int attempt) => killJobHome && !journaled.Contains((taskId, attempt));
            var ghosts = new HashSet<(string, int)>();
            foreach (var task in view.Tasks)
            {
                var lines = markers[task.TaskId];
                Assert.NotEmpty(lines);
                // The succeeded attempt applied the marker or re-applied it over a killed attempt's; only the victim's
                // attempts (and ghosts) may have applied it without their result counting.
                Assert.Contains(lines, l => l.Attempt == task.Attempt);
                Assert.All(lines.Where(l => l.Attempt != task.Attempt && l.Node != victimNode), l =>
                    Assert.True(Ghost(task.TaskId, l.Attempt), $"{task.TaskId}: attempt {l.Attempt} applied on survivor {l.Node}, the job journaled attempt {task.Attempt}"));
                // Succeeded once: runs that finished ok on the survivors belong to the journaled attempt, or are ghosts.
                var okElsewhere = runs.Where(r => r.TaskId == task.TaskId && r.Kind == "ok" && r.Node != victimNode).Select(r => r.Attempt).Distinct().ToList();
                Assert.True(okElsewhere.All(a => a == task.Attempt || Ghost(task.TaskId, a)),
                    $"{task.TaskId}: survivors completed attempts [{string.Join(",", okElsewhere)}], the job journaled attempt {task.Attempt}");
                foreach (var a in okElsewhere.Where(a => a != task.Attempt)) ghosts.Add((task.TaskId, a));
            }

            // The victim's in-flight tasks (started there, no success journaled there) and their next start elsewhere.
            var inFlight = runs.Where(r => r.Node == victimNode && r.Kind == "start")
                .Where(r => view.Tasks.Single(t => t.TaskId == r.TaskId).Attempt > r.Attempt)
                .Select(r => (r.TaskId, r.Attempt)).Distinct().ToList();
            Assert.NotEmpty(inFlight);
            var restarts = inFlight.Select(f => runs.First(r => r.TaskId == f.TaskId && r.Kind == "start" && r.Attempt > f.Attempt).At).ToList();
            var first = restarts.Min() - killedAt;
            var all = restarts.Max() - killedAt;
            var reapplied = markers.Values.Count(l => l.Count > 1);
            // Started for the first time (any attempt) well after the dead node's attempts were re-dispatched: only the
            // attempt timeout re-dispatched them.
            var timedOut = runs.Where(r => r.Kind == "start").GroupBy(r => r.TaskId).Count(g => g.Min(r => r.At) > killedAt + TimeSpan.FromSeconds(7));
            var ranOnVictim = markers.Values.Count(l => l.Any(x => x.Node == victimNode));
            SpecFigures.Report($"kill {victim.Name} (job entity on {home}{(victim.Name == home ? ", killed with it" : "")}): {doneAtKill}/{Tasks} done at the kill; the victim had {inFlight.Count} tasks in flight; " +
                $"kill -> first re-dispatch {Ms(first)}, all in-flight re-dispatched after {Ms(all)}; " +
                $"{reapplied} markers re-applied over a killed attempt's; {ghosts.Count} ghost attempts completed on survivors; {ranOnVictim} tasks applied on the victim; job done {Ms(DateTime.UtcNow - killedAt)} after the kill; " +
                $"{timedOut} tasks first started more than 7 s after the kill (brought back only by the 10 s attempt timeout{(timedOut > 0 ? ": ORPHANED by a lost steal" : "")})");
        }, Driver);
        await Finish();
    }

    /// <summary>(task, attempt) pairs the job's journal records as dispatched: TasksDispatched, and TasksStolen (attempt + 1).</summary>
    private async Task<HashSet<(string TaskId, int Attempt)>> JournaledAttempts(string jobId)
    {
        var attempts = new HashSet<(string, int)>();
        await using var journal = new SqliteJournal(Path.Combine(SharedDirectory, "journal.db"));
        await journal.ReplayAsync("kane-job-" + jobId, 1, long.MaxValue, long.MaxValue, row =>
        {
            var next = row.Manifest.StartsWith("kane.agents.job.tasks-dispatched@", StringComparison.Ordinal) ? 0
                : row.Manifest.StartsWith("kane.agents.job.tasks-stolen@", StringComparison.Ordinal) ? 1 : -1;
            if (next < 0) return;
            using var doc = JsonDocument.Parse(row.Payload);
            foreach (var a in doc.RootElement.GetProperty("attempts").EnumerateArray())
                attempts.Add((a.GetProperty("taskId").GetString()!, a.GetProperty("attempt").GetInt32() + next));
        }, CancellationToken.None);
        return attempts;
    }
}

/// <summary>The third worker is killed; the first drives (so the coordinator's node survives).</summary>
public sealed class NodeKillSpec() : KillSpecBase(killJobHome: false);

/// <summary>The worker hosting the job entity is killed (with the coordinator when it is the oldest); a client member drives.</summary>
public sealed class JobHomeKillSpec() : KillSpecBase(killJobHome: true);
