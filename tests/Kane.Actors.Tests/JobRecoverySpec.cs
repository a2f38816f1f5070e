using Kane.Actors.Internal;
using Kane.TestKit;
using static Kane.Actors.Tests.JobHarness;

namespace Kane.Actors.Tests;

/// <summary>A job survives its node and the nodes it dispatched to: re-dispatch on member removal, recovery from the journal.</summary>
public sealed class JobRecoverySpec : IDisposable
{
    private readonly Nodes _nodes = new();

    public void Dispose() => _nodes.Dispose();

    [Fact]
    public void Attempts_on_a_node_that_is_downed_and_removed_are_dispatched_again_as_the_next_attempt()
    {
        var h = new JobHarness(_nodes, sbr: false);
        var other = _nodes.System();
        var otherCluster = _nodes.Start(other, Nodes.Worker(sbr: false), h.System.Address);
        Kane.Cluster.Tests.Nodes.AwaitUp(2, h.Cluster, otherCluster);
        var otherNode = new NodeRef(Paths.NodeName(otherCluster.SelfAddress), otherCluster.SelfUniqueAddress.Uid, Paths.Of(h.Node.Ref));
        var job = h.Submit(Spec("r1", Task("a"), Task("b")));
        h.Coordinator.Send(job, new DispatchTasks("r1", otherNode, [new TaskAttempt("a", 1)]));
        h.Node.FishForMessage<AssignTasks>(_ => true);
        h.Dispatch(job, "r1", ("b", 1));

        Nodes.Crash(other);
        h.Cluster.Down(otherCluster.SelfAddress);
        var again = h.Coordinator.FishForMessage<OfferTasks>(o => o.Offers.Any(x => x.Task.Id == "a" && x.Attempt == 2), TimeSpan.FromSeconds(20)).Offers
            .Single(x => x.Task.Id == "a");
        Assert.Equal(1, again.PreviousAttempts);
        var view = h.View(job, "r1", tasks: true);
        Assert.Equal(TaskState.Dispatched, view.Tasks.Single(t => t.TaskId == "b").State);
        Assert.Contains("job.tasks-requeued", h.Journal("r1"));
    }

    [Fact]
    public async Task A_job_recovered_from_the_journal_offers_its_queued_tasks_and_dispatches_again_what_was_on_dead_nodes()
    {
        var first = new JobHarness(_nodes);
        var job = first.Submit(Spec("r2", Task("a"), Task("b"), Task("c"), Task("d", "c")));
        first.Dispatch(job, "r2", ("a", 1), ("b", 1), ("c", 1));
        first.Report(job, "r2", Ok("c"));
        await first.System.Terminate().WaitAsync(TimeSpan.FromSeconds(20));

        var second = new JobHarness(_nodes);
        var recovered = second.Job("r2");
        second.Client.Send(recovered, new ReofferTasks("r2"));
        var offers = second.AwaitOffers("a", "b", "d");
        var journal = string.Join(", ", second.Journal("r2"));
        // a and b were on the first node. Its shutdown may have requeued them before the job stopped (the job sees its
        // own member leave): then they were queued at recovery and their attempt moved on once more (decision 0019).
        // Either way they come back as a later attempt that counts every earlier one, and attempt 1 is stale.
        foreach (var id in new[] { "a", "b" })
            Assert.True(offers[id].Attempt >= 2 && offers[id].PreviousAttempts == offers[id].Attempt - 1,
                $"{id} offered as attempt {offers[id].Attempt} after {offers[id].PreviousAttempts}; journal: {journal}");
        // d was queued when the job went down: a dispatch of it may have left unjournaled (decision 0019), so its
        // attempt moved on too, and an attempt 1 of it is stale.
        Assert.Equal((2, 1), (offers["d"].Attempt, offers["d"].PreviousAttempts));
        Assert.Contains("job.attempts-advanced", journal);
        var (a, b) = (offers["a"].Attempt, offers["b"].Attempt);
        second.Dispatch(recovered, "r2", ("a", a), ("b", b), ("d", 2));
        second.Report(recovered, "r2", Ok("a", 1), Ok("b", 1));
        Assert.Equal(1, second.View(recovered, "r2").Progress.Succeeded);
        second.Report(recovered, "r2", Ok("a", a), Ok("b", b), Ok("d", 1));
        Assert.Equal((3, JobStatus.Running), (second.View(recovered, "r2").Progress.Succeeded, second.View(recovered, "r2").Status));
        second.Report(recovered, "r2", Ok("d", 2));
        var view = second.View(recovered, "r2");
        Assert.Equal(JobStatus.Completed, view.Status);
        Assert.Equal(4, view.Progress.Succeeded);
    }

    [Fact]
    public async Task A_large_job_recovers_from_its_snapshot_with_the_same_progress()
    {
        var first = new JobHarness(_nodes);
        var ids = Enumerable.Range(0, 1200).Select(i => $"t{i}").ToArray();
        var job = first.Submit(Spec("r3", [.. ids.Select(id => Task(id))]));
        foreach (var id in ids) first.Coordinator.Send(job, new DispatchTasks("r3", first.NodeRef, [new TaskAttempt(id, 1)]));
        var assigned = 0;
        while (assigned < ids.Length) assigned += first.Node.FishForMessage<AssignTasks>(_ => true).Tasks.Count;
        first.Report(job, "r3", [.. ids.Take(500).Select(id => Ok(id))]);
        var before = first.View(job, "r3").Progress;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await _nodes.Snapshots.LoadAsync("kane-job-r3", Kane.Persistence.Snapshot.SnapshotSelectionCriteria.Latest, CancellationToken.None) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "no snapshot of the job was saved");
            await System.Threading.Tasks.Task.Delay(20);
        }
        await first.System.Terminate().WaitAsync(TimeSpan.FromSeconds(20));

        var second = new JobHarness(_nodes);
        var recovered = second.Job("r3");
        var after = second.View(recovered, "r3").Progress;
        Assert.Equal((before.Total, before.Succeeded), (after.Total, after.Succeeded));
        // The node of the first system is gone: its 700 unfinished attempts are queued again.
        second.AwaitOffers(ids[^1]);
        var view = second.View(recovered, "r3");
        Assert.Equal(700, view.Progress.Queued + view.Progress.Running);
    }
}
