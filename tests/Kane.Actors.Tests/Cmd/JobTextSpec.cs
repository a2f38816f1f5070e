using Kane.Actors.Cmd;

namespace Kane.Actors.Tests.Cmd;

public sealed class JobTextSpec
{
    private static readonly DateTimeOffset Created = new(2026, 11, 24, 13, 0, 0, TimeSpan.Zero);

    private static JobView View(JobStatus status, JobProgress progress, DateTimeOffset? finished = null, IReadOnlyList<TaskView>? errors = null) =>
        new("job-1", "nightly", status, TaskPriority.High, progress, Created, finished, [], errors ?? []);

    [Fact]
    public void A_running_job_shows_its_counts_rate_and_eta()
    {
        var p = new JobProgress(20, 1, 3, 2, 12, 1, 1, 4, 0, 4.24, 0, TimeSpan.FromSeconds(3));
        Assert.Equal("13:00:05 running | 14/20 finished | succeeded 12 | failed 2 | running 2 | queued 3 | 4.2 tasks/s | eta 3s",
            JobText.WatchLine(View(JobStatus.Running, p), new DateTimeOffset(2026, 11, 24, 13, 0, 5, TimeSpan.Zero).ToLocalTime()));
    }

    [Fact]
    public void The_end_of_a_watch_says_how_the_job_ended_and_where_to_look_for_errors()
    {
        var done = new JobProgress(3, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, null);
        Assert.Equal("Job job-1 completed: 3 tasks succeeded in 1m05s.", JobText.Ending(View(JobStatus.Completed, done, Created.AddSeconds(65))));
        var failed = done with { Succeeded = 1, Failed = 1, Abandoned = 1 };
        Assert.Equal("Job job-1 completed with errors in 350ms: 1 succeeded, 1 failed, 1 abandoned; `kane jobs show job-1` lists the errors.",
            JobText.Ending(View(JobStatus.CompletedWithErrors, failed, Created.AddMilliseconds(350))));
    }

    [Fact]
    public void Show_lists_the_errors_with_their_task_node_and_agent()
    {
        var error = new TaskView("t2", "kane.sleep", TaskState.Failed, 1, "127.0.0.1:4100", "127.0.0.1:4100/0", TaskError.Fatal("EINVAL", "no ms"), new Dictionary<string, string>());
        var lines = JobText.Describe(View(JobStatus.CompletedWithErrors, new JobProgress(2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, null), Created.AddSeconds(2), [error])).ToList();
        Assert.Contains("Status: completed-with-errors", lines);
        Assert.Contains("Priority: high", lines);
        Assert.Contains("Errors: 1", lines);
        Assert.Contains("  t2 | kane.sleep | failed | attempt 1 | 127.0.0.1:4100 | 127.0.0.1:4100/0 | EINVAL: no ms", lines);
    }

    [Fact]
    public void Show_with_tasks_ends_with_each_nodes_totals_over_every_task()
    {
        var view = View(JobStatus.Running, new JobProgress(1000, 0, 0, 2, 998, 0, 0, 0, 0, 0, 0, null)) with
        {
            Nodes =
            [
                new NodeTasks("127.0.0.1:4100", 2, ["t1", "t2"], 600, 0, new Dictionary<string, long> { ["files"] = 60_000, ["bytes"] = 5 }),
                new NodeTasks("127.0.0.1:4200", 0, [], 398, 0, new Dictionary<string, long>()),
            ],
        };
        var lines = JobText.Describe(view).ToList();
        Assert.Equal(["Nodes: 2", "  127.0.0.1:4100 | running 2 | succeeded 600 | failed 0 | bytes 5 | files 60000",
            "  127.0.0.1:4200 | running 0 | succeeded 398 | failed 0"], lines[^3..]);
    }
}
