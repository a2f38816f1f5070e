using Kane.Actors.Internal;
using Kane.TestKit;

namespace Kane.Actors.Tests;

public sealed class NodeCoordinatorSpec : IDisposable
{
    private readonly Nodes _nodes = new();

    public void Dispose() => _nodes.Dispose();

    [Fact]
    public void The_node_registers_with_its_agents_slots_and_task_types_until_acknowledged()
    {
        var n = AgentTestNode.StartSingle(_nodes, AgentTestNode.TestSettings(agents: 2));
        var register = n.Coordinator.FishForMessage<RegisterNode>(_ => true);
        Assert.Equal(n.Name, register.Node.Node);
        Assert.Equal(n.Cluster.SelfUniqueAddress.Uid, register.Node.Uid);
        Assert.EndsWith("/user/" + KaneAgents.NodeCoordinatorName, register.Node.CoordinatorPath.Split('#')[0]);
        Assert.Equal(2, register.Slots);
        Assert.Equal([ScriptHandler.Type], register.TaskTypes);
        n.Coordinator.Reply(new NodeRegistered(n.Name));

        var report = n.AwaitAgentsIdle();
        Assert.Equal([n.Agent(0), n.Agent(1)], report.Agents.Select(a => a.AgentId).Order(StringComparer.Ordinal));
        Assert.True(report.Accepting);
        Assert.Equal(2, report.Stats.Agents);
    }

    [Fact]
    public void Results_are_resent_until_the_job_acknowledges_them()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        n.Assign("job-1", AgentTestNode.Offer("t1"));
        var first = n.NextResult("job-1", ack: false);
        var again = n.NextResult("job-1", ack: false);
        Assert.Equal(first, again);
        var third = n.NextResult("job-1", ack: true);
        Assert.Equal(first, third);
        n.Jobs.ExpectNoMsg(n.Settings.ResultRedeliveryInterval * 3);
        var report = n.Coordinator.FishForMessage<NodeStatusReport>(r => r.Stats.Completed == 1);
        Assert.Equal(0, report.Queued);
    }

    [Fact]
    public void A_check_of_attempts_says_which_are_with_an_agent_since_when_which_are_queued_and_which_it_does_not_hold()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        var before = DateTimeOffset.UtcNow;
        n.Assign("job-1", AgentTestNode.Offer("running", "block"), AgentTestNode.Offer("queued"));
        n.Coordinator.FishForMessage<NodeStatusReport>(r => r.Running == 1 && r.Queued == 1);

        n.Node.Tell(new CheckAttempts("job-1", [new("running", 1), new("queued", 1), new("never", 1), new("running", 2)]), n.Jobs.Ref);

        var held = n.Jobs.FishForMessage<AttemptsHeld>(_ => true);
        Assert.Equal(("job-1", n.Name), (held.JobId, held.Node));
        var running = held.Held.Single(h => h.TaskId == "running");
        Assert.Equal(1, running.Attempt);
        Assert.InRange(running.RunningSince!.Value, before, DateTimeOffset.UtcNow);
        Assert.Null(held.Held.Single(h => h.TaskId == "queued").RunningSince);
        Assert.Equal([new TaskAttempt("never", 1), new TaskAttempt("running", 2)], held.NotHeld);
        n.Node.Tell(new CancelJobTasks("job-1"), n.Jobs.Ref);
    }

    [Fact]
    public void Cancelling_a_job_drops_its_queued_tasks_and_cancels_the_running_one()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        n.Assign("job-1", AgentTestNode.Offer("running", "block"), AgentTestNode.Offer("queued"));
        n.Assign("job-2", AgentTestNode.Offer("other"));
        n.Coordinator.FishForMessage<NodeStatusReport>(r => r.Running == 1 && r.Queued == 2);

        n.Node.Tell(new CancelJobTasks("job-1"), n.Jobs.Ref);

        var cancelled = n.NextResult("job-1");
        Assert.Equal("running", cancelled.TaskId);
        Assert.Equal(ErrorCodes.ECANCELED, cancelled.Error!.Code);
        var other = n.NextResult("job-2");
        Assert.True(other.Succeeded);
        n.Coordinator.FishForMessage<NodeStatusReport>(r => r.Running == 0 && r.Queued == 0);
        Assert.False(n.Handler.Runs.ContainsKey("queued"));
        n.Coordinator.AwaitCondition(() => n.Handler.Cancelled.Contains("running"));
    }

    [Fact]
    public void A_task_past_its_deadline_is_not_started_but_reported_failed()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        var offer = AgentTestNode.Offer("late");
        n.Assign("job-1", offer with { Task = offer.Task with { Deadline = DateTimeOffset.UtcNow.AddMinutes(-1) } });
        var result = n.NextResult("job-1");
        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.ETIMEDOUT, result.Error!.Code);
        Assert.Contains("deadline", result.Error.Message);
        Assert.False(n.Handler.Runs.ContainsKey("late"));
    }

    [Fact]
    public void A_task_of_a_type_without_handler_fails_at_once()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        n.Node.Tell(new AssignTasks("job-1", JobRoots.None, [new TaskOffer(new KaneTask("t", "nobody-runs-this", TaskPriority.Normal, []), 1, 0, DateTimeOffset.UtcNow)]), n.Jobs.Ref);
        var result = n.NextResult("job-1");
        Assert.Equal(ErrorCodes.UnknownType, result.Error!.Code);
    }

    [Fact]
    public void Higher_priority_tasks_start_first()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        n.Assign("job-1", AgentTestNode.Offer("hold", "wait:a"));
        n.Coordinator.FishForMessage<NodeStatusReport>(r => r.Running == 1);
        var low = AgentTestNode.Offer("low");
        var high = AgentTestNode.Offer("high");
        var normal = AgentTestNode.Offer("normal");
        n.Assign("job-1", low with { Task = low.Task with { Priority = TaskPriority.Low } }, normal, high with { Task = high.Task with { Priority = TaskPriority.High } });
        n.Coordinator.FishForMessage<NodeStatusReport>(r => r.Queued == 3);
        n.Handler.Open("a");
        Assert.Equal(4, n.NextResults("job-1", 4).Count);
        Assert.Equal(["hold", "high", "normal", "low"], n.Handler.Started.Select(c => c.Task.Id));
    }

    [Fact]
    public void A_task_goes_to_its_preferred_agent_when_that_agent_is_idle()
    {
        var n = AgentTestNode.StartSingle(_nodes, AgentTestNode.TestSettings(agents: 2));
        var preferred = AgentTestNode.Offer("for-agent-1");
        n.Assign("job-1", preferred with { Task = preferred.Task with { Affinity = new TaskAffinity([], [n.Agent(1)]) } });
        Assert.Equal(n.Agent(1), n.NextResult("job-1").AgentId);
        n.Assign("job-1", AgentTestNode.Offer("anyone"));
        Assert.Equal(n.Agent(0), n.NextResult("job-1").AgentId);
    }
}
