using System.Diagnostics;
using Kane.Actor;
using Kane.Actors.Internal;
using Kane.Cluster.Sharding;
using Kane.TestKit;
using Xunit.Abstractions;

namespace Kane.Actors.Tests;

/// <summary>
/// The whole node path for many no-op tasks: assignment, deque, agents, results batched and acknowledged. Asserts
/// that every task is reported once; prints the rate (the cost per task), which is measured, not asserted.
/// </summary>
public sealed class AgentThroughputSpec(ITestOutputHelper output) : IDisposable
{
    private readonly Nodes _nodes = new();

    public void Dispose() => _nodes.Dispose();

    private sealed class NoOp : ITaskHandler
    {
        public string TaskType => "noop";

        public IReadOnlyCollection<string> Capabilities => [];

        public ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken) => ValueTask.FromResult(TaskOutcome.Done);
    }

    /// <summary>Plays the job region: acknowledges every result and counts distinct successful ones.</summary>
    private sealed class AckingJobs(int expected, TaskCompletionSource<int> done) : ReceiveActor
    {
        private readonly HashSet<string> _seen = [];
        private int _batches;

        protected override void PreStart()
        {
            Receive<TaskResults>(r =>
            {
                _batches++;
                Sender.Tell(new TaskResultsAck(r.JobId, [.. r.Results.Select(x => new TaskAttempt(x.TaskId, x.Attempt))]), Self);
                foreach (var x in r.Results)
                    if (x.Succeeded) _seen.Add(x.TaskId);
                if (_seen.Count == expected) done.TrySetResult(_batches);
            });
            ReceiveAny(_ => { });
        }
    }

    [Fact]
    public async Task Fifty_thousand_no_op_tasks_on_one_node_are_each_reported_once()
    {
        const int count = 50_000;
        var system = AgentTestNode.NewSystem(_nodes, out var cluster);
        Nodes.AwaitUp(1, cluster);
        var settings = AgentTestNode.TestSettings(agents: Environment.ProcessorCount);
        var handlers = new TaskHandlerRegistry().Register(new NoOp());
        var region = ClusterSharding.Get(system).Start(KaneAgents.AgentTypeName, id => KaneAgent.Props(id, settings, handlers),
            ClusterShardingSettings.FromConfig(system.Settings.Config) with { Role = settings.Role, PassivateIdleEntityAfter = TimeSpan.Zero },
            new AgentMessageExtractor(), new HomeNodeAllocationStrategy());
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var jobs = system.ActorOf(Props.Create(() => new AckingJobs(count, done)));
        var coordinator = new TestProbe(system, "coordinator", TimeSpan.FromSeconds(20));
        var node = system.ActorOf(NodeCoordinator.Props(settings, handlers, new NodeWiring(jobs, region, coordinator.Ref)), KaneAgents.NodeCoordinatorName);
        coordinator.FishForMessage<NodeStatusReport>(r => r.Agents.Count == settings.AgentsPerNode);

        var now = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        for (var b = 0; b < count / 100; b++)
            node.Tell(new AssignTasks("job-1", JobRoots.None,
                [.. Enumerable.Range(b * 100, 100).Select(i => new TaskOffer(new KaneTask($"t{i}", "noop", TaskPriority.Normal, []), 1, 0, now))]), jobs);
        var batches = await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        watch.Stop();
        output.WriteLine($"{count} no-op tasks on {settings.AgentsPerNode} agents: {watch.Elapsed.TotalMilliseconds:F0} ms, " +
            $"{count / watch.Elapsed.TotalSeconds:F0} tasks/s, {watch.Elapsed.TotalMicroseconds / count:F1} µs per task, {batches} result batches");
        Assert.True(batches < count, "results are batched per job");
    }
}
