using Kane.Actors.Internal;
using Kane.TestKit;
using static Kane.Actors.Tests.JobHarness;

namespace Kane.Actors.Tests;

/// <summary>The job entity on a one-node cluster, with probes for the coordinators: submission, dispatch, results, follow-ups.</summary>
public sealed class JobEntitySpec : IDisposable
{
    private readonly JobHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void The_same_spec_submitted_twice_is_accepted_twice_and_a_different_spec_under_that_id_is_rejected()
    {
        var spec = Spec("j1", Task("a"), Task("b", "a"));
        var job = _h.Submit(spec);
        _h.Client.Send(job, new SubmitJob(spec));
        Assert.Equal(new JobAccepted("j1", 2), _h.Client.ExpectMsg<JobAccepted>());
        _h.Client.Send(job, new SubmitJob(spec with { Tasks = [Task("a")] }));
        var rejected = _h.Client.ExpectMsg<JobRejected>();
        Assert.Contains("taken by a different job", rejected.Reason);
        Assert.Equal(["job.created", "job.tasks-added"], _h.Journal("j1"));
    }

    [Fact]
    public void An_invalid_spec_is_rejected_with_its_reason_and_leaves_no_journal()
    {
        var job = _h.Job("bad");
        _h.Client.Watch(job);
        _h.Client.Send(job, new SubmitJob(Spec("bad", Task("a", "b"), Task("b", "a"))));
        Assert.Contains("cycle", _h.Client.ExpectMsg<JobRejected>().Reason);
        _h.Client.ExpectTerminated(job);
        Assert.Empty(_h.Journal("bad"));
    }

    [Fact]
    public void Asking_for_an_unknown_job_answers_not_found_stops_the_entity_and_writes_nothing()
    {
        var job = _h.Job("nobody");
        _h.Client.Watch(job);
        _h.Client.Send(job, new GetJob("nobody"));
        _h.Client.ExpectMsg<JobNotFound>();
        _h.Client.ExpectTerminated(job);
        Assert.Empty(_h.Journal("nobody"));
    }

    [Fact]
    public void Ready_tasks_are_offered_and_a_dispatch_is_assigned_to_the_node_and_journaled()
    {
        var job = _h.Submit(Spec("j2", Task("a"), Task("b"), Task("c", "a")));
        var offers = _h.AwaitOffers("a", "b");
        Assert.Equal(1, offers["a"].Attempt);
        Assert.Equal("j2", _h.Coordinator.FishForMessage<JobRegistered>(_ => true).JobId);
        var assign = _h.Dispatch(job, "j2", ("a", 1), ("b", 1), ("c", 1));
        // The assignment leaves while the dispatch is still being written (decision 0019): the write follows.
        _h.AwaitJournal("j2", j => j.Contains("job.tasks-dispatched"), "job.tasks-dispatched");
        Assert.Equal(["a", "b"], assign.Tasks.Select(t => t.Task.Id).Order());
        var view = _h.View(job, "j2");
        Assert.Equal((2, 1), (view.Progress.Running, view.Progress.Pending));
    }

    [Fact]
    public void A_dispatch_of_an_attempt_that_is_not_queued_is_dropped()
    {
        var job = _h.Submit(Spec("j3", Task("a"), Task("b")));
        _h.Dispatch(job, "j3", ("a", 1));
        _h.Coordinator.Send(job, new DispatchTasks("j3", _h.NodeRef, [new TaskAttempt("a", 1), new TaskAttempt("b", 7)]));
        _h.Node.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        var journal = _h.AwaitJournal("j3", j => j.Contains("job.tasks-dispatched"), "job.tasks-dispatched");
        Assert.Equal(1, journal.Count(m => m == "job.tasks-dispatched"));
    }

    [Fact]
    public void Stale_and_repeated_results_are_acknowledged_and_ignored()
    {
        var job = _h.Submit(Spec("j4", Task("a"), Task("b")));
        _h.Dispatch(job, "j4", ("a", 1), ("b", 1));
        _h.Report(job, "j4", Ok("a", attempt: 2));
        Assert.Equal(0, _h.View(job, "j4").Progress.Succeeded);
        _h.Report(job, "j4", Ok("a"));
        _h.Report(job, "j4", Ok("a"), Ok("a", attempt: 3));
        Assert.Equal(1, _h.View(job, "j4").Progress.Succeeded);
        Assert.Equal(1, _h.Journal("j4").Count(m => m == "job.results"));
    }

    [Fact]
    public void Results_that_arrive_while_a_write_is_in_flight_are_journaled_together()
    {
        const int n = 300;
        var ids = Enumerable.Range(0, n).Select(i => $"t{i}").ToArray();
        var job = _h.Submit(Spec("j5", [.. ids.Select(id => Task(id))]));
        _h.AwaitOffers(ids);
        foreach (var chunk in ids.Chunk(100)) _h.Dispatch(job, "j5", [.. chunk.Select(id => (id, 1))]);
        foreach (var id in ids) _h.Node.Send(job, new TaskResults("j5", _h.NodeRef.Node, [Ok(id)]));
        var acked = new HashSet<string>();
        while (acked.Count < n)
            foreach (var a in _h.Node.FishForMessage<TaskResultsAck>(_ => true).Acked) acked.Add(a.TaskId);
        var view = _h.View(job, "j5");
        Assert.Equal(n, view.Progress.Succeeded);
        var writes = _h.Journal("j5").Count(m => m == "job.results");
        Assert.InRange(writes, 1, n / 3);
    }

    [Fact]
    public void Follow_ups_join_the_job_with_ids_under_their_parent_and_dependencies_among_siblings()
    {
        var job = _h.Submit(Spec("j6", Task("scan")));
        _h.Dispatch(job, "j6", ("scan", 1));
        var outcome = new TaskOutcome(5) { FollowUps = [Task("h1"), Task("h2", "h1")] };
        _h.Report(job, "j6", Ok("scan", outcome: outcome));
        var offers = _h.AwaitOffers("scan/h1");
        Assert.DoesNotContain("scan/h2", offers.Keys);
        var tasks = _h.View(job, "j6", tasks: true).Tasks.ToDictionary(t => t.TaskId);
        Assert.Equal(TaskState.Queued, tasks["scan/h1"].State);
        Assert.Equal(TaskState.Pending, tasks["scan/h2"].State);
        _h.Dispatch(job, "j6", ("scan/h1", 1));
        _h.Report(job, "j6", Ok("scan/h1"));
        Assert.Equal(1, _h.AwaitOffers("scan/h2")["scan/h2"].Attempt);
        // The result of the parent is applied once: repeating it adds nothing.
        _h.Report(job, "j6", Ok("scan", outcome: outcome));
        Assert.Equal(3, _h.View(job, "j6").Progress.Total);
    }

    [Fact]
    public void A_failed_task_abandons_its_dependents_and_the_job_completes_with_errors()
    {
        var job = _h.Submit(Spec("j7", Task("a"), Task("b", "a"), Task("c")));
        _h.Dispatch(job, "j7", ("a", 1), ("c", 1));
        _h.Report(job, "j7", Failed("a"), Ok("c"));
        var view = _h.View(job, "j7");
        Assert.Equal(JobStatus.CompletedWithErrors, view.Status);
        Assert.Equal((1, 1, 1), (view.Progress.Succeeded, view.Progress.Failed, view.Progress.Abandoned));
        Assert.Equal(ErrorCodes.ENOENT, view.Errors.Single(e => e.TaskId == "a").Error!.Code);
        Assert.Contains("dependency a", view.Errors.Single(e => e.TaskId == "b").Error!.Message);
        Assert.Equal("job.ended", _h.Journal("j7")[^1]);
        Assert.Equal(JobStatus.CompletedWithErrors, _h.Coordinator.FishForMessage<JobProgressReport>(r => r.Status != JobStatus.Running).Status);
    }

    [Fact]
    public void An_attempt_that_exceeds_its_timeout_is_dispatched_again_as_the_next_attempt()
    {
        var job = _h.Submit(Spec("j8", Task("slow") with { Timeout = TimeSpan.FromMilliseconds(300) }));
        _h.Dispatch(job, "j8", ("slow", 1));
        // Past its timeout the job asks the node; this one has had it with an agent for a second.
        var check = _h.Node.FishForMessage<CheckAttempts>(_ => true);
        Assert.Equal([new TaskAttempt("slow", 1)], check.Attempts);
        _h.Node.Send(job, new AttemptsHeld("j8", _h.NodeRef.Node, [new HeldAttempt("slow", 1, DateTimeOffset.UtcNow.AddSeconds(-1))], []));
        var again = _h.Coordinator.FishForMessage<OfferTasks>(o => o.Offers.Any(x => x.Task.Id == "slow" && x.Attempt == 2)).Offers.Single();
        Assert.Equal(1, again.PreviousAttempts);
        _h.Report(job, "j8", Ok("slow", attempt: 1));
        Assert.Equal(0, _h.View(job, "j8").Progress.Succeeded);
        _h.Dispatch(job, "j8", ("slow", 2));
        _h.Report(job, "j8", Ok("slow", attempt: 2));
        var view = _h.View(job, "j8");
        Assert.Equal(JobStatus.Completed, view.Status);
        Assert.Equal(1, view.Progress.Retried);
    }

    [Fact]
    public void An_attempt_still_queued_at_its_node_gets_its_timeout_again_and_is_not_dispatched_twice()
    {
        var job = _h.Submit(Spec("j8q", Task("waits") with { Timeout = TimeSpan.FromMilliseconds(300) }));
        _h.Dispatch(job, "j8q", ("waits", 1));
        for (var i = 0; i < 3; i++)
        {
            // Queued at the node (no agent yet): the timeout starts again, so the job asks again later.
            Assert.Equal([new TaskAttempt("waits", 1)], _h.Node.FishForMessage<CheckAttempts>(_ => true).Attempts);
            _h.Node.Send(job, new AttemptsHeld("j8q", _h.NodeRef.Node, [new HeldAttempt("waits", 1, null)], []));
        }
        var view = _h.View(job, "j8q", tasks: true);
        Assert.Equal((TaskState.Dispatched, 1, 0), (view.Tasks.Single().State, view.Tasks.Single().Attempt, view.Progress.Retried));
        // It started 100 ms ago: it may run 200 ms more before the job gives up on it.
        _h.Node.FishForMessage<CheckAttempts>(_ => true);
        _h.Node.Send(job, new AttemptsHeld("j8q", _h.NodeRef.Node, [new HeldAttempt("waits", 1, DateTimeOffset.UtcNow.AddMilliseconds(-100))], []));
        _h.Node.FishForMessage<CheckAttempts>(_ => true);
        _h.Node.Send(job, new AttemptsHeld("j8q", _h.NodeRef.Node, [new HeldAttempt("waits", 1, DateTimeOffset.UtcNow.AddMilliseconds(-400))], []));
        var again = _h.Coordinator.FishForMessage<OfferTasks>(o => o.Offers.Any(x => x.Task.Id == "waits" && x.Attempt == 2)).Offers.Single();
        Assert.Equal(1, again.PreviousAttempts);
    }

    [Fact]
    public void An_attempt_past_its_timeout_that_its_node_does_not_hold_or_answer_for_is_dispatched_again()
    {
        var job = _h.Submit(Spec("j8n", Task("lost") with { Timeout = TimeSpan.FromMilliseconds(300) }, Task("mute") with { Timeout = TimeSpan.FromMilliseconds(300) }));
        _h.Dispatch(job, "j8n", ("lost", 1), ("mute", 1));
        var check = _h.Node.FishForMessage<CheckAttempts>(_ => true);
        Assert.Equal(["lost", "mute"], check.Attempts.Select(a => a.TaskId).Order());
        // The node answers for one (it does not hold it) and stays silent about the other (attempt-check-timeout 500 ms).
        _h.Node.Send(job, new AttemptsHeld("j8n", _h.NodeRef.Node, [], [new TaskAttempt("lost", 1)]));
        var second = new HashSet<string>();
        while (second.Count < 2)
            foreach (var o in _h.Coordinator.FishForMessage<OfferTasks>(_ => true).Offers.Where(x => x.Attempt == 2)) second.Add(o.Task.Id);
        Assert.Equal(["lost", "mute"], second.Order());
        Assert.Equal(2, _h.Journal("j8n").Count(m => m == "job.tasks-requeued"));
    }

    [Fact]
    public void Cancelling_abandons_the_rest_tells_the_nodes_and_ignores_later_results()
    {
        var job = _h.Submit(Spec("j9", Task("a"), Task("b"), Task("c", "a")));
        _h.Dispatch(job, "j9", ("a", 1));
        _h.Client.Send(job, new CancelJob("j9", "operator said so"));
        var view = _h.Client.ExpectMsg<JobView>();
        Assert.Equal(JobStatus.Cancelled, view.Status);
        Assert.Equal(3, view.Progress.Abandoned);
        Assert.Equal("j9", _h.Node.FishForMessage<CancelJobTasks>(_ => true).JobId);
        _h.Report(job, "j9", Ok("a"));
        Assert.Equal(0, _h.View(job, "j9").Progress.Succeeded);
        Assert.Contains("job.cancelled", _h.Journal("j9"));
    }

    [Fact]
    public void Stolen_attempts_move_to_the_thief_as_the_next_attempt_and_the_old_result_is_ignored()
    {
        var job = _h.Submit(Spec("j10", Task("a"), Task("b")));
        _h.Dispatch(job, "j10", ("a", 1), ("b", 1));
        var thief = new TestProbe(_h.System, "thief");
        var thiefRef = _h.NodeRef with { CoordinatorPath = Paths.Of(thief.Ref) };
        _h.Node.Send(job, new ReassignTasks("j10", _h.NodeRef.Node, thiefRef, [new TaskAttempt("a", 1)]));
        var assign = thief.FishForMessage<AssignTasks>(_ => true);
        Assert.Equal(("a", 2), (assign.Tasks.Single().Task.Id, assign.Tasks.Single().Attempt));
        Assert.Contains("job.tasks-stolen", _h.Journal("j10"));
        _h.Report(job, "j10", Ok("a", attempt: 1));
        Assert.Equal(0, _h.View(job, "j10").Progress.Succeeded);
        _h.Report(job, "j10", Ok("a", attempt: 2));
        Assert.Equal(1, _h.View(job, "j10").Progress.Succeeded);
    }

    [Fact]
    public void Retries_are_journaled_and_counted_in_the_progress()
    {
        var job = _h.Submit(Spec("j11", Task("a")));
        _h.Dispatch(job, "j11", ("a", 1));
        _h.Node.Send(job, new TaskRetrying("j11", new TaskAttempt("a", 1), 1, DateTimeOffset.UtcNow, TaskError.Retryable(ErrorCodes.EAGAIN, "busy")));
        _h.Node.Send(job, new TaskRetrying("j11", new TaskAttempt("a", 1), 2, DateTimeOffset.UtcNow, TaskError.Retryable(ErrorCodes.EAGAIN, "busy")));
        _h.Report(job, "j11", Ok("a") with { Retries = 2 });
        var view = _h.View(job, "j11");
        Assert.Equal((JobStatus.Completed, 2), (view.Status, view.Progress.Retried));
        Assert.Equal(2, _h.Journal("j11").Count(m => m == "job.retry-scheduled"));
    }

    [Fact]
    public async Task A_watcher_gets_the_view_now_and_the_final_one_at_the_end_and_the_tag_feed_has_the_lifecycle()
    {
        var job = _h.Submit(Spec("j12", Task("a")));
        var watcher = new TestProbe(_h.System, "watcher");
        watcher.Send(job, new WatchJob("j12"));
        Assert.Equal(JobStatus.Running, watcher.ExpectMsg<JobView>().Status);
        _h.Dispatch(job, "j12", ("a", 1));
        _h.Report(job, "j12", Ok("a"));
        Assert.Equal(JobStatus.Completed, watcher.FishForMessage<JobView>(v => v.IsFinished).Status);
        var tagged = (await _h.Nodes.Journal.ReadTaggedAsync(JobEntity.Tag, 0, 1000, CancellationToken.None))
            .Where(r => r.PersistenceId == "kane-job-j12").Select(r => r.Manifest).ToList();
        Assert.StartsWith(AgentsWire.Prefix + "job.created", tagged[0]);
        Assert.StartsWith(AgentsWire.Prefix + "job.ended", tagged[^1]);
    }

    [Fact]
    public void Tasks_added_to_a_running_job_are_validated_and_queued()
    {
        var job = _h.Submit(Spec("j13", Task("a")));
        _h.Client.Send(job, new AddTasks("j13", [Task("a")]));
        Assert.Contains("already exists", _h.Client.ExpectMsg<JobRejected>().Reason);
        _h.Client.Send(job, new AddTasks("j13", [Task("x", "nope")]));
        Assert.Contains("nope", _h.Client.ExpectMsg<JobRejected>().Reason);
        _h.Client.Send(job, new AddTasks("j13", [Task("b", "a"), Task("c")]));
        Assert.Equal(2, _h.Client.ExpectMsg<TasksAccepted>().Added);
        _h.AwaitOffers("c");
        Assert.Equal(3, _h.View(job, "j13").Progress.Total);
    }

    [Fact]
    public void An_ended_job_answers_a_ping_with_its_final_status()
    {
        var job = _h.Submit(Spec("j14", Task("a")));
        _h.Dispatch(job, "j14", ("a", 1));
        _h.Report(job, "j14", Ok("a"));
        _h.Coordinator.FishForMessage<JobProgressReport>(r => r.Status == JobStatus.Completed);
        var coordinator = new TestProbe(_h.System, "successor");
        coordinator.Send(job, new ReofferTasks("j14"));
        Assert.Equal(JobStatus.Completed, coordinator.ExpectMsg<JobProgressReport>().Status);
    }

    [Fact]
    public void A_submission_in_parts_is_journaled_whole_after_the_last_part_and_equals_the_same_spec_in_one_message()
    {
        var spec = Spec("j15", [.. Enumerable.Range(0, 9).Select(i => Task($"t{i}"))]);
        var job = _h.Job("j15");
        for (var i = 0; i < 3; i++)
        {
            _h.Client.Send(job, new SubmitJobPart("s1", i, 3, spec with { Tasks = [.. spec.Tasks.Skip(3 * i).Take(3)] }));
            if (i < 2)
            {
                Assert.Equal(i, _h.Client.ExpectMsg<JobPartReceived>().Part);
                Assert.Empty(_h.Journal("j15"));
            }
        }
        Assert.Equal(9, _h.Client.ExpectMsg<JobAccepted>().Tasks);
        _h.Client.Send(job, new SubmitJob(spec));
        Assert.Equal(9, _h.Client.ExpectMsg<JobAccepted>().Tasks);
        _h.Client.Send(job, new SubmitJobPart("s2", 1, 3, spec));
        Assert.Contains("without the parts before it", _h.Client.ExpectMsg<JobRejected>().Reason);
    }

    [Fact]
    public void Past_the_job_deadline_the_unfinished_tasks_are_abandoned_and_the_nodes_told()
    {
        var job = _h.Submit(Spec("j16", Task("a"), Task("b")) with { Deadline = DateTimeOffset.UtcNow.AddMilliseconds(500) });
        _h.Dispatch(job, "j16", ("a", 1));
        Assert.Equal("j16", _h.Node.FishForMessage<CancelJobTasks>(_ => true).JobId);
        var final = _h.Coordinator.FishForMessage<JobProgressReport>(r => r.Status != JobStatus.Running);
        Assert.Equal((JobStatus.CompletedWithErrors, 2), (final.Status, final.Progress.Abandoned));
        Assert.All(_h.View(job, "j16").Errors, e => Assert.Contains("deadline", e.Error!.Message));
    }

    [Fact]
    public void A_task_past_its_deadline_is_abandoned_instead_of_started()
    {
        var job = _h.Submit(Spec("j17", Task("late") with { Deadline = DateTimeOffset.UtcNow.AddMilliseconds(200) }, Task("b", "late")));
        var final = _h.Coordinator.FishForMessage<JobProgressReport>(r => r.Status != JobStatus.Running);
        Assert.Equal((JobStatus.CompletedWithErrors, 2), (final.Status, final.Progress.Abandoned));
        _h.Coordinator.Send(job, new DispatchTasks("j17", _h.NodeRef, [new TaskAttempt("late", 1)]));
        _h.Node.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
