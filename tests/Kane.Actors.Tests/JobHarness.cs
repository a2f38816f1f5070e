using Kane.Actor;
using Kane.Actors.Internal;
using Kane.TestKit;

namespace Kane.Actors.Tests;

/// <summary>
/// A worker node (an in-process cluster of one, more on request) with job entities started directly; probes stand
/// in for the cluster coordinator, a node coordinator and a client.
/// </summary>
internal sealed class JobHarness : IDisposable
{
    public static readonly KaneAgentsSettings Fast = KaneAgentsSettings.FromConfig(Nodes.FastConfig);

    public JobHarness(Nodes? nodes = null, KaneAgentsSettings? settings = null, bool sbr = true)
    {
        Nodes = nodes ?? new Nodes();
        Settings = settings ?? Fast;
        System = Nodes.System();
        Cluster = Nodes.Start(System, Nodes.Worker(sbr), System.Address);
        Kane.Cluster.Tests.Nodes.AwaitUp(1, Cluster);
        JobEntity.RegisterEvents(Kane.Persistence.Persistence.Get(System).Serializers);
        ClusterCoordinator.RegisterEvents(Kane.Persistence.Persistence.Get(System).Serializers);
        Coordinator = new TestProbe(System, "coordinator", TimeSpan.FromSeconds(10));
        Node = new TestProbe(System, "node", TimeSpan.FromSeconds(10));
        Client = new TestProbe(System, "client", TimeSpan.FromSeconds(10));
        NodeRef = new NodeRef(Paths.NodeName(Cluster.SelfAddress), Cluster.SelfUniqueAddress.Uid, Paths.Of(Node.Ref));
    }

    public Nodes Nodes { get; }
    public KaneAgentsSettings Settings { get; }
    public ActorSystem System { get; }
    public Kane.Cluster.Cluster Cluster { get; }
    public TestProbe Coordinator { get; }
    public TestProbe Node { get; }
    public TestProbe Client { get; }
    public NodeRef NodeRef { get; }

    public IActorRef Job(string jobId) => System.ActorOf(JobEntity.Props(jobId, Settings, Coordinator.Ref));

    public static KaneTask Task(string id, params string[] deps) => new(id, "t", TaskPriority.Normal, [id]) { DependsOn = deps };

    public static JobSpec Spec(string jobId, params KaneTask[] tasks) => new(jobId, "test job", TaskPriority.Normal, tasks);

    public IActorRef Submit(JobSpec spec)
    {
        var job = Job(spec.JobId);
        Client.Send(job, new SubmitJob(spec));
        Assert.Equal(spec.Tasks.Count, Client.ExpectMsg<JobAccepted>().Tasks);
        return job;
    }

    /// <summary>Offers from the job until every one of <paramref name="taskIds"/> was offered (the latest offer of each).</summary>
    public Dictionary<string, TaskOffer> AwaitOffers(params string[] taskIds)
    {
        var seen = new Dictionary<string, TaskOffer>(StringComparer.Ordinal);
        while (!taskIds.All(seen.ContainsKey))
            foreach (var o in Coordinator.FishForMessage<OfferTasks>(_ => true).Offers)
                seen[o.Task.Id] = o;
        return seen;
    }

    /// <summary>Proposes the attempts to the node probe and returns the assignment it gets.</summary>
    public AssignTasks Dispatch(IActorRef job, string jobId, params (string Id, int Attempt)[] attempts)
    {
        Coordinator.Send(job, new DispatchTasks(jobId, NodeRef, [.. attempts.Select(a => new TaskAttempt(a.Id, a.Attempt))]));
        return Node.FishForMessage<AssignTasks>(_ => true);
    }

    public static TaskResult Ok(string id, int attempt = 1, TaskOutcome? outcome = null) =>
        new(id, attempt, "agent-1", outcome ?? TaskOutcome.Done, null, 0, DateTimeOffset.UtcNow, 1);

    public static TaskResult Failed(string id, int attempt = 1) =>
        new(id, attempt, "agent-1", null, TaskError.Fatal(ErrorCodes.ENOENT, "no such file"), 0, DateTimeOffset.UtcNow, 1);

    /// <summary>Sends results from the node probe and waits for their acknowledgement.</summary>
    public void Report(IActorRef job, string jobId, params TaskResult[] results)
    {
        Node.Send(job, new TaskResults(jobId, NodeRef.Node, results));
        var acked = new HashSet<TaskAttempt>();
        while (!results.All(r => acked.Contains(new TaskAttempt(r.TaskId, r.Attempt))))
            foreach (var a in Node.FishForMessage<TaskResultsAck>(_ => true).Acked) acked.Add(a);
    }

    public JobView View(IActorRef job, string jobId, bool tasks = false)
    {
        Client.Send(job, new GetJob(jobId, tasks, 1000));
        return Client.ExpectMsg<JobView>();
    }

    /// <summary>The manifests (tag without the prefix and version) of the job's journal, in order.</summary>
    public List<string> Journal(string jobId)
    {
        var rows = new List<string>();
        Nodes.Journal.ReplayAsync("kane-job-" + jobId, 1, long.MaxValue, long.MaxValue,
            r => rows.Add(r.Manifest[AgentsWire.Prefix.Length..r.Manifest.IndexOf('@')]), CancellationToken.None).GetAwaiter().GetResult();
        return rows;
    }

    /// <summary>
    /// The job's journal once it satisfies <paramref name="condition"/>, for writes that are not awaited before the
    /// message a test saw (a dispatch is assigned while its event is still being written, decision 0019).
    /// </summary>
    public List<string> AwaitJournal(string jobId, Func<List<string>, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var rows = Journal(jobId);
            if (condition(rows)) return rows;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"The journal of {jobId} never showed {what} within 10 s; it holds: {string.Join(", ", rows)}.");
            Thread.Sleep(10);
        }
    }

    public void Dispose() => Nodes.Dispose();
}
