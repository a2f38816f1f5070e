using System.Collections.Concurrent;
using Kane.Actor;
using Kane.Actors.Internal;
using Kane.Cluster;
using Kane.Cluster.Sharding;
using Kane.Pattern;
using Kane.TestKit;

namespace Kane.Actors.Tests;

/// <summary>
/// A handler whose behaviour each task scripts in its items, one item per run (the last repeats): <c>ok</c>, an errno
/// name (<c>EAGAIN</c>, <c>EACCES</c>, ...) to throw, <c>block</c> to wait until cancelled, <c>wait:NAME</c> to wait
/// until the test opens NAME.
/// </summary>
internal sealed class ScriptHandler : ITaskHandler
{
    public const string Type = "script";
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();

    public string TaskType => Type;

    public IReadOnlyCollection<string> Capabilities => [];

    public ConcurrentDictionary<string, int> Runs { get; } = new();

    public ConcurrentQueue<TaskContext> Started { get; } = new();

    public ConcurrentBag<string> Cancelled { get; } = [];

    public void Open(string gate) => Gate(gate).TrySetResult();

    private TaskCompletionSource Gate(string name) => _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        Runs.AddOrUpdate(context.Task.Id, 1, (_, n) => n + 1);
        Started.Enqueue(context);
        var items = context.Task.Items;
        var step = items.Count == 0 ? "ok" : items[Math.Min(context.Retry, items.Count - 1)];
        try
        {
            if (step == "block") await Task.Delay(Timeout.Infinite, cancellationToken);
            else if (step.StartsWith("wait:", StringComparison.Ordinal)) await Gate(step[5..]).Task.WaitAsync(cancellationToken);
            else if (step != "ok") throw new TaskFailedException(ErrorCodes.For(step, $"scripted {step}"));
        }
        catch (OperationCanceledException)
        {
            Cancelled.Add(context.Task.Id);
            throw;
        }
        return new TaskOutcome(1) { Output = new Dictionary<string, string> { ["retry"] = context.Retry.ToString() } };
    }
}

/// <summary>One worker node with the agent region and a node coordinator whose job region and coordinator are probes.</summary>
internal sealed class AgentTestNode
{
    public required ActorSystem System { get; init; }
    public required Cluster.Cluster Cluster { get; init; }
    public required IActorRef Region { get; init; }
    public required IActorRef Node { get; init; }
    public required TestProbe Jobs { get; init; }
    public required TestProbe Coordinator { get; init; }
    public required ScriptHandler Handler { get; init; }
    public required KaneAgentsSettings Settings { get; init; }

    public string Name => Paths.NodeName(Cluster.SelfAddress);

    public string Agent(int n) => AgentMessageExtractor.AgentId(Name, n);

    /// <summary>The fast test settings with the resource gates wide open (the test machine is busy) and one agent.</summary>
    public static KaneAgentsSettings TestSettings(int agents = 1) => KaneAgentsSettings.FromConfig(Nodes.FastConfig) with
    {
        AgentsPerNode = agents,
        GateCpuWarn = 100,
        GateMemoryWarn = 100,
        GateCpuStop = 100,
        GateMemoryStop = 100,
        BreakerResetTimeout = TimeSpan.FromMilliseconds(600),
    };

    public static ActorSystem NewSystem(Nodes nodes, out Cluster.Cluster cluster, Address? seed = null)
    {
        var system = nodes.System();
        cluster = nodes.Start(system, Nodes.Worker(), seed ?? system.Address);
        return system;
    }

    public static AgentTestNode Start(ActorSystem system, Cluster.Cluster cluster, KaneAgentsSettings settings, TestProbe? jobs = null)
    {
        // What KaneAgents.Start registers: the wire tags of the protocol (stealing crosses nodes).
        AgentsWire.Register(Kane.Remote.RemotingExtensions.SerializationRegistry(system));
        var handler = new ScriptHandler();
        var handlers = new TaskHandlerRegistry().Register(handler);
        var sharding = ClusterShardingSettings.FromConfig(system.Settings.Config) with
        {
            Role = settings.Role,
            PassivateIdleEntityAfter = TimeSpan.Zero,
            RetryInterval = TimeSpan.FromMilliseconds(200),
            RebalanceInterval = TimeSpan.FromMilliseconds(300),
        };
        var region = ClusterSharding.Get(system).Start(KaneAgents.AgentTypeName, id => KaneAgent.Props(id, settings, handlers), sharding,
            new AgentMessageExtractor(), new HomeNodeAllocationStrategy());
        jobs ??= new TestProbe(system, "jobs", TimeSpan.FromSeconds(15));
        var coordinator = new TestProbe(system, "coordinator", TimeSpan.FromSeconds(15));
        var node = system.ActorOf(NodeCoordinator.Props(settings, handlers, new NodeWiring(jobs.Ref, region, coordinator.Ref)), KaneAgents.NodeCoordinatorName);
        return new AgentTestNode
        {
            System = system, Cluster = cluster, Region = region, Node = node, Jobs = jobs, Coordinator = coordinator, Handler = handler, Settings = settings,
        };
    }

    public static AgentTestNode StartSingle(Nodes nodes, KaneAgentsSettings? settings = null)
    {
        var system = NewSystem(nodes, out var cluster);
        Nodes.AwaitUp(1, cluster);
        var node = Start(system, cluster, settings ?? TestSettings());
        node.AwaitAgentsIdle();
        return node;
    }

    /// <summary>Waits for a status report in which every agent registered and is idle.</summary>
    public NodeStatusReport AwaitAgentsIdle() =>
        Coordinator.FishForMessage<NodeStatusReport>(r => r.Agents.Count == Settings.AgentsPerNode && r.Agents.All(a => a.Status == AgentStatus.Idle));

    public static TaskOffer Offer(string id, params string[] script) => new(new KaneTask(id, ScriptHandler.Type, TaskPriority.Normal, script), 1, 0, DateTimeOffset.UtcNow);

    public void Assign(string jobId, params TaskOffer[] offers) => Node.Tell(new AssignTasks(jobId, JobRoots.None, offers), Jobs.Ref);

    /// <summary>The next results for <paramref name="jobId"/> (other job messages are skipped), acknowledged.</summary>
    public TaskResult NextResult(string jobId, bool ack = true)
    {
        var batch = Jobs.FishForMessage<TaskResults>(r => r.JobId == jobId);
        var result = Assert.Single(batch.Results);
        if (ack) Jobs.Reply(new TaskResultsAck(jobId, [new TaskAttempt(result.TaskId, result.Attempt)]));
        return result;
    }

    /// <summary>The next <paramref name="count"/> results for <paramref name="jobId"/>, however batched, each batch acknowledged.</summary>
    public List<TaskResult> NextResults(string jobId, int count)
    {
        var results = new List<TaskResult>();
        while (results.Count < count)
        {
            var batch = Jobs.FishForMessage<TaskResults>(r => r.JobId == jobId);
            Jobs.Reply(new TaskResultsAck(jobId, [.. batch.Results.Select(r => new TaskAttempt(r.TaskId, r.Attempt))]));
            results.AddRange(batch.Results.Where(r => results.All(x => x.TaskId != r.TaskId)));
        }
        return results;
    }

    public AgentInfo AskAgent(object command) => Region.Ask<AgentInfo>(command, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
}

public sealed class AgentSpec : IDisposable
{
    private readonly Nodes _nodes = new();

    public void Dispose() => _nodes.Dispose();

    [Fact]
    public void A_retryable_error_twice_then_success_is_retried_with_back_off_and_reported_once()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        var events = new TestProbe(n.System, "events", TimeSpan.FromSeconds(10));
        n.System.EventStream.Subscribe(events.Ref, typeof(TaskRetried));

        n.Assign("job-1", AgentTestNode.Offer("t1", "EAGAIN", "EAGAIN", "ok"));

        var first = n.Jobs.ExpectMsg<TaskRetrying>();
        var second = n.Jobs.ExpectMsg<TaskRetrying>();
        Assert.Equal((1, 2), (first.Retry, second.Retry));
        Assert.Equal(ErrorCodes.EAGAIN, first.Error.Code);
        Assert.Equal(new TaskAttempt("t1", 1), second.Task);
        var firstDelay = events.ExpectMsg<TaskRetried>().Delay;
        var secondDelay = events.ExpectMsg<TaskRetried>().Delay;
        Assert.Equal(n.Settings.RetryMinBackoff, firstDelay);
        Assert.Equal(n.Settings.RetryMinBackoff * 2, secondDelay);

        var result = n.NextResult("job-1");
        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Retries);
        Assert.Equal(n.Agent(0), result.AgentId);
        Assert.Equal("2", result.Outcome!.Output["retry"]);
        Assert.Equal(3, n.Handler.Runs["t1"]);
        Assert.Equal([0, 1, 2], n.Handler.Started.Select(c => c.Retry));
        var info = n.AskAgent(new GetAgent(n.Agent(0)));
        Assert.Equal((1L, 0L, 2L), (info.Metrics.Completed, info.Metrics.Failed, info.Metrics.Retried));
    }

    [Fact]
    public void An_agent_holds_tasks_beyond_its_slot_runs_them_in_order_and_gives_them_back_when_paused()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        var probe = new TestProbe(n.System, "node", TimeSpan.FromSeconds(10));
        probe.Send(n.Region, new GetAgent(n.Agent(0)));
        probe.ExpectMsg<AgentInfo>();
        var agent = probe.LastSender;
        void Run(string id, params string[] script) =>
            probe.Send(agent, new RunTask(new QueuedTask("job-1", JobRoots.None, AgentTestNode.Offer(id, script), 0)));

        // One slot: w1 runs, a1 and a2 wait at the agent and start, in order, as soon as w1 ends.
        Run("w1", "wait:go1");
        Run("a1", "ok");
        Run("a2", "ok");
        n.Handler.Open("go1");
        Assert.Equal(["w1", "a1", "a2"], Enumerable.Range(0, 3).Select(_ => probe.ExpectMsg<TaskFinished>().Result.TaskId));

        // Paused, the agent keeps running what started and gives back what it holds, unstarted; it refuses new work.
        Run("w2", "wait:go2");
        Run("b1", "ok");
        Run("b2", "ok");
        n.AskAgent(new PauseAgent(n.Agent(0)));
        Assert.Equal(["b1", "b2"], Enumerable.Range(0, 2).Select(_ => probe.ExpectMsg<TaskRefused>().Entry.Task.Id));
        Run("c1", "ok");
        Assert.Equal("c1", probe.ExpectMsg<TaskRefused>().Entry.Task.Id);
        n.Handler.Open("go2");
        Assert.Equal("w2", probe.ExpectMsg<TaskFinished>().Result.TaskId);
        Assert.False(n.Handler.Runs.ContainsKey("b1"));
        Assert.False(n.Handler.Runs.ContainsKey("c1"));
    }

    [Fact]
    public void Cancelling_a_job_ends_the_tasks_an_agent_holds_for_it_cancelled()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        var probe = new TestProbe(n.System, "node", TimeSpan.FromSeconds(10));
        probe.Send(n.Region, new GetAgent(n.Agent(0)));
        probe.ExpectMsg<AgentInfo>();
        var agent = probe.LastSender;
        probe.Send(agent, new RunTask(new QueuedTask("job-1", JobRoots.None, AgentTestNode.Offer("w", "block"), 0)));
        probe.Send(agent, new RunTask(new QueuedTask("job-2", JobRoots.None, AgentTestNode.Offer("other", "ok"), 0)));
        probe.Send(agent, new RunTask(new QueuedTask("job-1", JobRoots.None, AgentTestNode.Offer("held", "ok"), 0)));
        probe.Send(agent, new CancelRunning("job-1"));
        var finished = Enumerable.Range(0, 3).Select(_ => probe.ExpectMsg<TaskFinished>()).ToDictionary(f => f.Result.TaskId);
        Assert.Equal(ErrorCodes.ECANCELED, finished["held"].Result.Error!.Code);
        Assert.Equal(ErrorCodes.ECANCELED, finished["w"].Result.Error!.Code);
        Assert.True(finished["other"].Result.Succeeded);
        Assert.False(n.Handler.Runs.ContainsKey("held"));
    }

    [Fact]
    public void A_fatal_error_fails_the_task_at_once()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        n.Assign("job-1", AgentTestNode.Offer("t1", "EACCES", "ok"));
        var result = n.NextResult("job-1");
        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.EACCES, result.Error!.Code);
        Assert.Equal(0, result.Retries);
        Assert.Equal(1, n.Handler.Runs["t1"]);
    }

    [Fact]
    public void After_max_retries_the_task_fails_with_its_last_error()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        var offer = AgentTestNode.Offer("t1", "EAGAIN", "EBUSY", "ETIMEDOUT", "ok");
        n.Assign("job-1", offer with { Task = offer.Task with { MaxRetries = 2 } });
        var result = n.NextResult("job-1");
        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.ETIMEDOUT, result.Error!.Code);
        Assert.Equal(2, result.Retries);
        Assert.Equal(3, n.Handler.Runs["t1"]);
    }

    [Fact]
    public void Five_consecutive_failures_open_the_breaker_and_the_agent_gets_no_task_until_a_half_open_probe_succeeds()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        var events = new TestProbe(n.System, "events", TimeSpan.FromSeconds(10));
        n.System.EventStream.Subscribe(events.Ref, typeof(HealthCheckFailed));
        n.System.EventStream.Subscribe(events.Ref, typeof(AgentRecovered));

        for (var i = 0; i < 5; i++) n.Assign("job-1", AgentTestNode.Offer($"bad{i}", "EINVAL"));
        var failures = n.NextResults("job-1", 5);
        Assert.All(failures, r => Assert.False(r.Succeeded));
        var lastFailure = failures.Max(r => r.StartedAt + TimeSpan.FromMilliseconds(r.DurationMs));
        Assert.Equal(n.Agent(0), events.ExpectMsg<HealthCheckFailed>().AgentId);
        var open = n.AskAgent(new GetAgent(n.Agent(0)));
        Assert.Equal(AgentStatus.Error, open.Status);

        n.Assign("job-1", AgentTestNode.Offer("good1"), AgentTestNode.Offer("good2"));
        var goods = n.NextResults("job-1", 2).OrderBy(r => r.StartedAt).ToList();
        Assert.All(goods, r => Assert.True(r.Succeeded));
        var probe = goods[0];
        Assert.True(probe.StartedAt >= lastFailure + n.Settings.BreakerResetTimeout - TimeSpan.FromMilliseconds(50),
            $"the probe started at {probe.StartedAt:O}, before the reset timeout after the last failure at {lastFailure:O}");
        // Exactly one probe: the second task started only once the probe had succeeded.
        Assert.True(goods[1].StartedAt >= probe.StartedAt + TimeSpan.FromMilliseconds(probe.DurationMs) - TimeSpan.FromMilliseconds(1));
        events.ExpectMsg<AgentRecovered>();
        var closed = n.AskAgent(new GetAgent(n.Agent(0)));
        Assert.Equal("closed", closed.Breaker);
        Assert.Equal(AgentStatus.Idle, closed.Status);
    }

    [Fact]
    public void A_paused_agent_takes_no_task_until_it_is_resumed()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        var paused = n.AskAgent(new PauseAgent(n.Agent(0)));
        Assert.Equal(AgentStatus.Paused, paused.Status);
        n.Coordinator.FishForMessage<NodeStatusReport>(r => r.Agents.Any(a => a.Status == AgentStatus.Paused));

        n.Assign("job-1", AgentTestNode.Offer("t1"));
        var report = n.Coordinator.FishForMessage<NodeStatusReport>(r => r.Queued == 1);
        Assert.Equal(0, report.Running);
        Assert.Equal(0, n.Jobs.PendingCount);
        Assert.False(n.Handler.Runs.ContainsKey("t1"));

        Assert.Equal(AgentStatus.Idle, n.AskAgent(new ResumeAgent(n.Agent(0))).Status);
        Assert.True(n.NextResult("job-1").Succeeded);
    }

    [Fact]
    public async Task Pause_resume_and_stop_are_journaled_and_answered_with_the_agent_info()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        Assert.Equal(AgentStatus.Paused, n.AskAgent(new PauseAgent(n.Agent(0))).Status);
        Assert.Equal(AgentStatus.Idle, n.AskAgent(new ResumeAgent(n.Agent(0))).Status);
        Assert.Equal(AgentStatus.Stopped, n.AskAgent(new StopAgent(n.Agent(0))).Status);
        n.Assign("job-1", AgentTestNode.Offer("t1"));
        n.Coordinator.FishForMessage<NodeStatusReport>(r => r.Queued == 1 && r.Agents.Any(a => a.Status == AgentStatus.Stopped));
        Assert.Equal(AgentStatus.Idle, n.AskAgent(new ResumeAgent(n.Agent(0))).Status);
        Assert.True(n.NextResult("job-1").Succeeded);

        var manifests = new List<string>();
        await _nodes.Journal.ReplayAsync($"kane-agent-{n.Agent(0)}", 1, long.MaxValue, long.MaxValue, row => manifests.Add(row.Manifest), CancellationToken.None);
        Assert.Equal(["agent.added", "agent.paused", "agent.resumed", "agent.stopped", "agent.resumed"],
            manifests.Select(m => m.Replace(AgentsWire.Prefix, "").Split('@')[0]).Where(m => m != "agent.metrics"));
    }

    [Fact]
    public void A_stopped_agent_cancels_its_running_task_and_another_agent_runs_it()
    {
        var n = AgentTestNode.StartSingle(_nodes, AgentTestNode.TestSettings(agents: 2));
        n.Assign("job-1", AgentTestNode.Offer("t1", "wait:a"));
        n.Coordinator.AwaitCondition(() => n.Handler.Started.Count == 1);
        var first = n.Handler.Started.Single().AgentId;

        Assert.Equal(AgentStatus.Stopped, n.AskAgent(new StopAgent(first)).Status);
        n.Coordinator.AwaitCondition(() => n.Handler.Cancelled.Contains("t1") && n.Handler.Started.Count == 2);
        n.Handler.Open("a");

        var result = n.NextResult("job-1");
        Assert.True(result.Succeeded);
        Assert.NotEqual(first, result.AgentId);
        Assert.Equal(1, result.Attempt);
    }

    [Fact]
    public async Task An_agent_id_that_was_never_added_is_not_found()
    {
        var n = AgentTestNode.StartSingle(_nodes);
        var reply = await n.Region.Ask<object>(new GetAgent("10.9.9.9:1/0"), TimeSpan.FromSeconds(10));
        Assert.Equal(new AgentNotFound("10.9.9.9:1/0"), reply);
        var beyond = await n.Region.Ask<object>(new GetAgent(n.Agent(7)), TimeSpan.FromSeconds(10));
        Assert.IsType<AgentNotFound>(beyond);
    }
}
