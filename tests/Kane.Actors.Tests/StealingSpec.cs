using Kane.Actors.Internal;
using Kane.TestKit;

namespace Kane.Actors.Tests;

public sealed class StealingSpec : IDisposable
{
    private readonly Nodes _nodes = new();

    public void Dispose() => _nodes.Dispose();

    /// <summary>Two worker nodes whose job region is one probe (the test plays the jobs).</summary>
    private (AgentTestNode Busy, AgentTestNode Idle) Two(KaneAgentsSettings settings)
    {
        var a = AgentTestNode.NewSystem(_nodes, out var ca);
        var b = AgentTestNode.NewSystem(_nodes, out var cb, a.Address);
        Nodes.AwaitUp(2, ca, cb);
        var jobs = new TestProbe(a, "jobs", TimeSpan.FromSeconds(15));
        var busy = AgentTestNode.Start(a, ca, settings, jobs);
        var idle = AgentTestNode.Start(b, cb, settings, jobs);
        busy.AwaitAgentsIdle();
        idle.AwaitAgentsIdle();
        return (busy, idle);
    }

    [Fact]
    public void An_idle_node_steals_up_to_half_of_a_busy_nodes_not_started_tasks_through_their_jobs()
    {
        var (busy, idle) = Two(AgentTestNode.TestSettings());
        var events = new TestProbe(busy.System, "events", TimeSpan.FromSeconds(10));
        busy.System.EventStream.Subscribe(events.Ref, typeof(TaskStolen));
        var offers = Enumerable.Range(0, 9).Select(i => AgentTestNode.Offer($"t{i}", "wait:go")).ToArray();
        // t8 is the least urgent: the victim gives its lowest priority tasks first.
        offers[8] = offers[8] with { Task = offers[8].Task with { Priority = TaskPriority.Low } };
        busy.Assign("job-1", offers);

        var reassign = busy.Jobs.FishForMessage<ReassignTasks>(_ => true);
        Assert.Equal("job-1", reassign.JobId);
        Assert.Equal(busy.Name, reassign.FromNode);
        Assert.Equal(idle.Name, reassign.To.Node);
        Assert.Equal(idle.Cluster.SelfUniqueAddress.Uid, reassign.To.Uid);
        // One task runs on the busy node's single agent; of the 8 not started it gives 4.
        Assert.Equal(4, reassign.Tasks.Count);
        Assert.Contains(new TaskAttempt("t8", 1), reassign.Tasks);
        Assert.DoesNotContain(new TaskAttempt("t0", 1), reassign.Tasks);
        Assert.Equal(4, Enumerable.Range(0, 4).Select(_ => events.ExpectMsg<TaskStolen>()).Count(e => e.ToNode == idle.Name));
        busy.Coordinator.FishForMessage<NodeStatusReport>(r => r.Queued == 4 && r.Stats.StolenOut == 4);
        idle.Coordinator.FishForMessage<NodeStatusReport>(r => r.Stats.StolenIn == 4);

        // Play the job: a reassignment becomes a new attempt on the thief; results are acknowledged. Every task ends
        // exactly once, with its current attempt, and the victim never starts what it gave away.
        var current = offers.ToDictionary(o => o.Task.Id, _ => 1);
        var byName = new Dictionary<string, AgentTestNode> { [busy.Name] = busy, [idle.Name] = idle };
        var done = new Dictionary<string, TaskResult>();
        busy.Handler.Open("go");
        idle.Handler.Open("go");
        object message = reassign;
        while (true)
        {
            switch (message)
            {
                case ReassignTasks r:
                    foreach (var t in r.Tasks) current[t.TaskId] = t.Attempt + 1;
                    byName[r.To.Node].Node.Tell(new AssignTasks(r.JobId, JobRoots.None,
                        [.. r.Tasks.Select(t => offers.Single(o => o.Task.Id == t.TaskId) with { Attempt = t.Attempt + 1 })]), busy.Jobs.Ref);
                    break;
                case TaskResults results:
                    busy.Jobs.Reply(new TaskResultsAck(results.JobId, [.. results.Results.Select(x => new TaskAttempt(x.TaskId, x.Attempt))]));
                    foreach (var x in results.Results.Where(x => x.Attempt == current[x.TaskId])) done[x.TaskId] = x;
                    break;
            }
            if (done.Count == offers.Length) break;
            message = busy.Jobs.FishForMessage(m => m is ReassignTasks or TaskResults);
        }
        Assert.All(done.Values, r => Assert.True(r.Succeeded));
        Assert.All(reassign.Tasks, t => Assert.Equal(2, done[t.TaskId].Attempt));
        Assert.All(reassign.Tasks, t => Assert.StartsWith(idle.Name, done[t.TaskId].AgentId));
        Assert.Empty(busy.Handler.Started.Where(c => c.Attempt == 1).Select(c => c.Task.Id).Intersect(reassign.Tasks.Select(t => t.TaskId)));
        Assert.Equal(offers.Length, busy.Handler.Started.Count + idle.Handler.Started.Count);
    }

    [Fact]
    public void With_work_stealing_off_an_idle_node_takes_nothing()
    {
        var (busy, idle) = Two(AgentTestNode.TestSettings() with { WorkStealing = false });
        busy.Assign("job-1", [.. Enumerable.Range(0, 9).Select(i => AgentTestNode.Offer($"t{i}", "wait:go"))]);
        // Several heartbeats carry the busy node's queue to the idle one, and several steal intervals pass.
        busy.Coordinator.FishForMessage<NodeStatusReport>(r => r.Queued == 8);
        idle.Coordinator.AwaitCondition(() => idle.Cluster.LoadReports.TryGetValue(busy.Cluster.SelfUniqueAddress, out var l) && l.QueueLength == 8);
        idle.Coordinator.ReceiveN(5);
        Assert.Equal(8, busy.Coordinator.FishForMessage<NodeStatusReport>(_ => true).Queued);
        Assert.Equal(0, idle.Coordinator.FishForMessage<NodeStatusReport>(_ => true).Stats.StolenIn);
    }
}
