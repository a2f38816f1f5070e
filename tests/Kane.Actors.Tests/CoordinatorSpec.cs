using Kane.Actor;
using Kane.Actors.Internal;
using Kane.TestKit;
using static Kane.Actors.Tests.JobHarness;

namespace Kane.Actors.Tests;

/// <summary>The cluster coordinator on a one-node cluster with probes for the job region and a node coordinator.</summary>
public sealed class CoordinatorSpec : IDisposable
{
    private static readonly KaneAgentsSettings Settings = Fast with { LoadThreshold = 1.0, TaskBatchSize = 100 };
    private readonly JobHarness _h = new(settings: Settings, sbr: false);
    private readonly TestProbe _jobs;

    public CoordinatorSpec() => _jobs = new TestProbe(_h.System, "jobs", TimeSpan.FromSeconds(10));

    public void Dispose() => _h.Dispose();

    private IActorRef Start() => _h.System.ActorOf(ClusterCoordinator.Props(Settings, _jobs.Ref));

    private void RegisterNode(IActorRef coordinator, int slots = 4)
    {
        _h.Node.Send(coordinator, new RegisterNode(_h.NodeRef, [], ["t"], slots));
        _h.Node.FishForMessage<NodeRegistered>(_ => true);
    }

    private NodeStatusReport Report(int queued = 0, bool accepting = true, int agents = 2, int running = 0) => new(_h.NodeRef, queued, running, 4, accepting,
        [.. Enumerable.Range(0, agents).Select(i => new AgentInfo($"{_h.NodeRef.Node}/{i}", _h.NodeRef.Node, AgentStatus.Idle, [], 2, 0, AgentMetrics.Zero, "closed"))],
        new NodeTaskStats(_h.NodeRef.Node, true, agents, 4, queued, 0, 42, 1, 0, 0, 0, 10, 1, 2, 3, 1, 2, 0));

    private static OfferTasks Offers(string jobId, int count, TaskPriority priority = TaskPriority.Normal, int attempt = 1) =>
        new(jobId, priority, [.. Enumerable.Range(0, count).Select(i => new TaskOffer(Task($"t{i}"), attempt, 0, DateTimeOffset.UtcNow))]);

    private List<DispatchTasks> AwaitDispatches(int tasks)
    {
        var list = new List<DispatchTasks>();
        while (list.Sum(d => d.Tasks.Count) < tasks) list.Add(_jobs.FishForMessage<DispatchTasks>(_ => true));
        return list;
    }

    [Fact]
    public void The_cluster_is_initializing_until_a_node_registers_and_running_after()
    {
        var coordinator = Start();
        _h.Client.Send(coordinator, new GetTaskStats());
        Assert.Equal(ClusterStatus.Initializing, _h.Client.ExpectMsg<TaskStats>().Status);
        RegisterNode(coordinator);
        _h.Client.Send(coordinator, new GetTaskStats());
        var stats = _h.Client.ExpectMsg<TaskStats>();
        Assert.Equal(ClusterStatus.Running, stats.Status);
        Assert.Equal(_h.NodeRef.Node, Assert.Single(stats.Nodes).Node);
    }

    [Fact]
    public void Offered_tasks_go_to_a_registered_node_as_dispatch_batches_once_each()
    {
        var coordinator = Start();
        RegisterNode(coordinator);
        _h.Coordinator.Send(coordinator, new JobRegistered("c1", "job", TaskPriority.Normal, DateTimeOffset.UtcNow));
        _h.Coordinator.ExpectMsg<JobRegisteredAck>();
        _h.Coordinator.Send(coordinator, Offers("c1", 250));
        _h.Coordinator.Send(coordinator, Offers("c1", 250));
        var dispatches = AwaitDispatches(250);
        Assert.All(dispatches, d => Assert.Equal(("c1", _h.NodeRef), (d.JobId, d.Node)));
        Assert.All(dispatches, d => Assert.InRange(d.Tasks.Count, 1, 100));
        Assert.Equal(250, dispatches.SelectMany(d => d.Tasks).Select(t => t.TaskId).Distinct().Count());
        _jobs.FishForMessage<ReofferTasks>(r => r.JobId == "c1");
    }

    [Fact]
    public void A_busy_node_that_does_not_accept_gets_nothing_until_it_accepts_and_then_higher_priority_goes_first()
    {
        var coordinator = Start();
        RegisterNode(coordinator);
        // Not idle (one task running there): an idle closed node would get one task (decision 0027, DistributionSpec).
        _h.Node.Send(coordinator, Report(accepting: false, running: 1));
        _h.Coordinator.Send(coordinator, Offers("low", 3, TaskPriority.Low));
        _h.Coordinator.Send(coordinator, Offers("high", 3, TaskPriority.High));
        _jobs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        _h.Client.Send(coordinator, new GetTaskStats());
        Assert.Equal(6, _h.Client.ExpectMsg<TaskStats>().GlobalQueue);
        _h.Node.Send(coordinator, Report(accepting: true));
        var first = _jobs.FishForMessage<DispatchTasks>(_ => true);
        Assert.Equal("high", first.JobId);
    }

    [Fact]
    public void Ended_jobs_leave_the_queue_and_are_listed_with_their_last_status()
    {
        var coordinator = Start();
        _h.Coordinator.Send(coordinator, new JobRegistered("done", "finished job", TaskPriority.Normal, DateTimeOffset.UtcNow.AddMinutes(-1)));
        _h.Coordinator.Send(coordinator, new JobRegistered("live", "running job", TaskPriority.High, DateTimeOffset.UtcNow));
        _h.Coordinator.Send(coordinator, Offers("done", 5));
        var progress = JobProgress.Empty with { Total = 5, Succeeded = 5 };
        _h.Coordinator.Send(coordinator, new JobProgressReport("done", JobStatus.Completed, progress));
        _h.Client.Send(coordinator, new ListJobs());
        var jobs = _h.Client.ExpectMsg<JobList>().Jobs;
        Assert.Equal(["live", "done"], jobs.Select(j => j.JobId));
        Assert.Equal((JobStatus.Completed, 5), (jobs[1].Status, jobs[1].Progress.Succeeded));
        _h.Client.Send(coordinator, new ListJobs(IncludeFinished: false));
        Assert.Equal(["live"], _h.Client.ExpectMsg<JobList>().Jobs.Select(j => j.JobId));
        _h.Client.Send(coordinator, new GetTaskStats());
        Assert.Equal(0, _h.Client.ExpectMsg<TaskStats>().GlobalQueue);
    }

    [Fact]
    public void Agents_and_task_stats_come_from_the_node_reports()
    {
        var coordinator = Start();
        RegisterNode(coordinator);
        _h.Node.Send(coordinator, Report(agents: 3));
        _h.Client.AwaitAssert(() =>
        {
            _h.Client.Send(coordinator, new ListAgents());
            Assert.Equal(3, _h.Client.ExpectMsg<AgentList>().Agents.Count);
        });
        _h.Client.Send(coordinator, new GetTaskStats());
        Assert.Equal(42, _h.Client.ExpectMsg<TaskStats>().Completed);
    }

    [Fact]
    public void A_new_coordinator_on_the_same_journal_keeps_the_registry_pings_active_jobs_and_rebuilds_its_queue()
    {
        var old = Start();
        RegisterNode(old);
        _h.Node.Send(old, Report(accepting: false));
        _h.Coordinator.Send(old, new JobRegistered("h1", "job", TaskPriority.Normal, DateTimeOffset.UtcNow));
        _h.Coordinator.ExpectMsg<JobRegisteredAck>();
        _h.Coordinator.Send(old, Offers("h1", 10));
        _h.Client.Watch(old);
        old.Tell(PoisonPill.Instance);
        _h.Client.ExpectTerminated(old);

        var successor = Start();
        while (true)
        {
            _jobs.FishForMessage<ReofferTasks>(r => r.JobId == "h1");
            if (_jobs.LastSender.Equals(successor)) break;
        }
        _h.Client.Send(successor, new ListJobs());
        Assert.Equal("h1", Assert.Single(_h.Client.ExpectMsg<JobList>().Jobs).JobId);
        _h.Client.Send(successor, new GetTaskStats());
        Assert.Single(_h.Client.ExpectMsg<TaskStats>().Nodes);
        // The job answers the ping with its queued tasks; the node reports that it accepts again.
        _h.Coordinator.Send(successor, Offers("h1", 10));
        _h.Node.Send(successor, Report(accepting: true));
        Assert.Equal(10, AwaitDispatches(10).Sum(d => d.Tasks.Count));
    }

    [Fact]
    public void A_removed_node_leaves_the_table_and_an_unreachable_one_degrades_the_cluster()
    {
        var coordinator = Start();
        var other = _h.Nodes.System();
        var otherCluster = _h.Nodes.Start(other, Nodes.Worker(sbr: false), _h.System.Address);
        Kane.Cluster.Tests.Nodes.AwaitUp(2, _h.Cluster, otherCluster);
        RegisterNode(coordinator);
        var otherNode = new NodeRef(Paths.NodeName(otherCluster.SelfAddress), otherCluster.SelfUniqueAddress.Uid, Paths.Of(_h.Node.Ref));
        _h.Node.Send(coordinator, new RegisterNode(otherNode, [], ["t"], 4));
        _h.Node.FishForMessage<NodeRegistered>(r => r.Node == otherNode.Node);
        var events = new TestProbe(_h.System, "events");
        _h.System.EventStream.Subscribe(events.Ref, typeof(NodeDegraded));

        Nodes.Crash(other);
        Assert.Equal(otherNode.Node, events.FishForMessage<NodeDegraded>(_ => true, TimeSpan.FromSeconds(20)).Node);
        _h.Client.Send(coordinator, new GetTaskStats());
        Assert.Equal(ClusterStatus.Degraded, _h.Client.ExpectMsg<TaskStats>().Status);
        _h.Cluster.Down(otherCluster.SelfAddress);
        _h.Client.AwaitAssert(() =>
        {
            _h.Client.Send(coordinator, new GetTaskStats());
            var stats = _h.Client.ExpectMsg<TaskStats>();
            Assert.Equal((ClusterStatus.Running, 1), (stats.Status, stats.Nodes.Count));
        }, TimeSpan.FromSeconds(20));
    }
}
