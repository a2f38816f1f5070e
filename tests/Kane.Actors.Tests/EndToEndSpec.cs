using System.Collections.Concurrent;
using Kane.Actor;

namespace Kane.Actors.Tests;

/// <summary>Real jobs through KaneAgents on in-process clusters: jobs, coordinators, agents and handlers together.</summary>
public sealed class EndToEndSpec : IDisposable
{
    private readonly Nodes _nodes = new();

    public void Dispose() => _nodes.Dispose();

    /// <summary>Counts the runs of each task; tasks succeed at once.</summary>
    internal sealed class CountingHandler : ITaskHandler
    {
        public ConcurrentDictionary<string, int> Runs { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, string> Nodes { get; } = new(StringComparer.Ordinal);

        public string TaskType => "count";

        public IReadOnlyCollection<string> Capabilities => [];

        public ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            Runs.AddOrUpdate(context.JobId + "/" + context.Task.Id, 1, (_, n) => n + 1);
            Nodes[context.Task.Id] = context.AgentId[..context.AgentId.LastIndexOf('/')];
            return ValueTask.FromResult(new TaskOutcome(context.Task.Items.Count));
        }
    }

    /// <summary>
    /// The fast test settings with the resource gates open: the gates read the machine's CPU, and a busy test machine
    /// would otherwise hold every task back (the gates have their own specs).
    /// </summary>
    internal static readonly KaneAgentsSettings Settings = KaneAgentsSettings.FromConfig(Nodes.FastConfig) with
    {
        GateCpuWarn = 100, GateCpuStop = 100, GateMemoryWarn = 100, GateMemoryStop = 100,
    };

    internal static JobSpec Job(string id, int tasks) => new(id, "end to end", TaskPriority.Normal,
        [.. Enumerable.Range(0, tasks).Select(i => new KaneTask($"t{i:D5}", "count", TaskPriority.Normal, [$"item-{i}"]))]);

    private static async Task AwaitAgents(KaneAgents agents, int nodes)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await agents.ListAgentsAsync()).Select(a => a.Node).Distinct().Count() < nodes)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{nodes} nodes' agents did not register with the coordinator");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_job_of_a_thousand_tasks_runs_each_task_exactly_once_on_one_node()
    {
        var system = _nodes.System();
        var cluster = _nodes.Start(system, Nodes.Worker(), system.Address);
        Kane.Cluster.Tests.Nodes.AwaitUp(1, cluster);
        var handler = new CountingHandler();
        var agents = Nodes.StartAgents(system, new TaskHandlerRegistry().Register(handler), Settings);
        await AwaitAgents(agents, 1);

        var accepted = await agents.SubmitAsync(Job("e2e-one", 1000));
        Assert.Equal(1000, accepted.Tasks);
        var view = await agents.WaitForJobAsync("e2e-one", TimeSpan.FromSeconds(90));

        Assert.Equal(JobStatus.Completed, view.Status);
        Assert.Equal(1000, view.Progress.Succeeded);
        Assert.Equal(1000, view.Progress.Bytes);
        Assert.Equal(1000, handler.Runs.Count);
        Assert.All(handler.Runs.Values, n => Assert.Equal(1, n));
        var listed = Assert.Single(await agents.ListJobsAsync(), j => j.JobId == "e2e-one");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((listed = (await agents.ListJobsAsync()).Single(j => j.JobId == "e2e-one")).Status != JobStatus.Completed && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(JobStatus.Completed, listed.Status);
    }

    [Fact]
    public async Task A_job_of_a_thousand_tasks_runs_each_task_exactly_once_spread_over_three_nodes()
    {
        var (a, b, c) = _nodes.Three(Nodes.Worker());
        var handlers = new[] { new CountingHandler(), new CountingHandler(), new CountingHandler() };
        var agents = new[] { a, b, c }.Select((cl, i) => Nodes.StartAgents(cl.System, new TaskHandlerRegistry().Register(handlers[i]), Settings)).ToArray();
        await AwaitAgents(agents[0], 3);

        await agents[1].SubmitAsync(Job("e2e-three", 1000));
        var view = await agents[2].WaitForJobAsync("e2e-three", TimeSpan.FromSeconds(120));

        Assert.Equal(JobStatus.Completed, view.Status);
        Assert.Equal(1000, view.Progress.Succeeded);
        var runs = handlers.SelectMany(h => h.Runs).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        Assert.Equal(1000, runs.Count);
        Assert.All(runs.Values, n => Assert.Equal(1, n));
        Assert.True(handlers.Count(h => !h.Runs.IsEmpty) >= 2, "the tasks ran on one node only");
    }
}
