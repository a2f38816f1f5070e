using Kane.Actor;
using Kane.Actors.Internal;
using Kane.Cluster;
using Kane.Cluster.Sharding;
using Kane.Cluster.Singleton;
using Kane.Pattern;
using Kane.Remote;

namespace Kane.Actors;

/// <summary>
/// Kane agents on one node: the job and agent regions, the cluster coordinator (a singleton among worker nodes) and,
/// on a worker, this node's coordinator and agents. <see cref="Start"/> on worker nodes, <see cref="StartClient"/>
/// on others (seeds, a CLI host); then submit and query from anywhere.
/// </summary>
public sealed class KaneAgents
{
    public const string JobTypeName = "kane-job";
    public const string AgentTypeName = "kane-agent";
    public const string CoordinatorName = "kane-coordinator";
    public const string NodeCoordinatorName = "kane-node";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private readonly ActorSystem _system;

    private KaneAgents(ActorSystem system, KaneAgentsSettings settings, TaskHandlerRegistry? handlers, IActorRef jobs, IActorRef agents,
        IActorRef coordinator, IActorRef? node)
    {
        _system = system;
        Settings = settings;
        Handlers = handlers;
        Jobs = jobs;
        Agents = agents;
        Coordinator = coordinator;
        NodeCoordinator = node;
    }

    public KaneAgentsSettings Settings { get; }

    /// <summary>This node's handlers; null on a client.</summary>
    public TaskHandlerRegistry? Handlers { get; }

    /// <summary>The job region (or proxy): send it job messages (they carry their job id).</summary>
    public IActorRef Jobs { get; }

    /// <summary>The agent region (or proxy): send it agent messages (they carry their agent id).</summary>
    public IActorRef Agents { get; }

    /// <summary>The cluster coordinator's singleton proxy.</summary>
    public IActorRef Coordinator { get; }

    /// <summary>This node's coordinator; null on a client.</summary>
    public IActorRef? NodeCoordinator { get; }

    /// <summary>This node's name (host:port), the home of its agents.</summary>
    public string NodeName => Paths.NodeName(Cluster.Cluster.Get(_system).SelfAddress);

    /// <summary>The instance started on <paramref name="system"/>.</summary>
    /// <exception cref="InvalidOperationException">Neither <see cref="Start"/> nor <see cref="StartClient"/> ran on it.</exception>
    public static KaneAgents Get(ActorSystem system) =>
        system.GetOrAddExtension<Holder>(_ => new Holder()).Instance
        ?? throw new InvalidOperationException($"Kane agents are not started on {system.Name}: call KaneAgents.Start (worker) or KaneAgents.StartClient first.");

    /// <summary>
    /// Starts a worker: the job and agent regions, the cluster coordinator singleton, this node's coordinator and its
    /// agents running <paramref name="handlers"/>. The cluster must be started; this node must have the worker role.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started, or the node lacks the role.</exception>
    public static KaneAgents Start(ActorSystem system, TaskHandlerRegistry handlers, KaneAgentsSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        settings ??= KaneAgentsSettings.FromConfig(system.Settings.Config);
        var cluster = Cluster.Cluster.Get(system);
        if (!cluster.SelfRoles.Contains(settings.Role))
            throw new InvalidOperationException($"This node lacks the role '{settings.Role}' (kane.agents.role) that worker nodes have: add it to kane.cluster.roles, or call KaneAgents.StartClient on a node that only submits and queries.");
        return Install(system, holder =>
        {
            Register(system);
            var sharding = ClusterSharding.Get(system);
            var shardingSettings = ClusterShardingSettings.FromConfig(system.Settings.Config) with { Role = settings.Role };
            var jobs = sharding.Start(JobTypeName, id => JobEntity.Props(id, settings), shardingSettings, new JobMessageExtractor(settings.JobShards));
            var agents = sharding.Start(AgentTypeName, id => KaneAgent.Props(id, settings, handlers),
                shardingSettings with { PassivateIdleEntityAfter = TimeSpan.Zero }, new AgentMessageExtractor(), new HomeNodeAllocationStrategy());
            var singleton = ClusterSingletonSettings.FromConfig(system.Settings.Config) with { Role = settings.Role, SingletonName = "coordinator" };
            system.ActorOf(ClusterSingletonManager.Props(ClusterCoordinator.Props(settings), PoisonPill.Instance, singleton), CoordinatorName);
            var proxy = system.ActorOf(ClusterSingletonProxy.Props("/user/" + CoordinatorName,
                ClusterSingletonProxySettings.FromConfig(system.Settings.Config) with { Role = settings.Role }), CoordinatorName + "-proxy");
            // The instance is visible before the node coordinator starts: its agents look it up.
            holder.Instance = new KaneAgents(system, settings, handlers, jobs, agents, proxy, null);
            var node = system.ActorOf(Internal.NodeCoordinator.Props(settings, handlers), NodeCoordinatorName);
            // `kane agents events` on any node subscribes to every worker's relay, whether or not this host serves the palettes.
            Cmd.DomainEventStream.StartRelay(system);
            return new KaneAgents(system, settings, handlers, jobs, agents, proxy, node);
        });
    }

    /// <summary>Starts proxies only: this node submits and queries but hosts no jobs or agents.</summary>
    public static KaneAgents StartClient(ActorSystem system, KaneAgentsSettings? settings = null)
    {
        settings ??= KaneAgentsSettings.FromConfig(system.Settings.Config);
        return Install(system, _ =>
        {
            Register(system);
            var sharding = ClusterSharding.Get(system);
            var jobs = sharding.StartProxy(JobTypeName, settings.Role, new JobMessageExtractor(settings.JobShards));
            var agents = sharding.StartProxy(AgentTypeName, settings.Role, new AgentMessageExtractor());
            var proxy = system.ActorOf(ClusterSingletonProxy.Props("/user/" + CoordinatorName,
                ClusterSingletonProxySettings.FromConfig(system.Settings.Config) with { Role = settings.Role }), CoordinatorName + "-proxy");
            return new KaneAgents(system, settings, null, jobs, agents, proxy, null);
        });
    }

    private static KaneAgents Install(ActorSystem system, Func<Holder, KaneAgents> start)
    {
        var holder = system.GetOrAddExtension<Holder>(_ => new Holder());
        lock (holder)
        {
            if (holder.Started)
                throw new InvalidOperationException($"Kane agents already run on {system.Name}; start them once per actor system.");
            holder.Started = true;
            return holder.Instance = start(holder);
        }
    }

    private static void Register(ActorSystem system)
    {
        AgentsWire.Register(system.SerializationRegistry());
        JobEntity.RegisterEvents(Kane.Persistence.Persistence.Get(system).Serializers);
        ClusterCoordinator.RegisterEvents(Kane.Persistence.Persistence.Get(system).Serializers);
        KaneAgent.RegisterEvents(Kane.Persistence.Persistence.Get(system).Serializers);
    }

    /// <summary>Submits a job; returns once its tasks are journaled.</summary>
    /// <exception cref="JobRejectedException">The spec is invalid or the id is taken by a different job; nothing changed.</exception>
    public async Task<JobAccepted> SubmitAsync(JobSpec spec, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if ((spec.Validate() ?? WireSize.CheckTasks(spec.Tasks)) is { } error)
            throw new JobRejectedException(spec.JobId, error);
        // A spec larger than one remote message goes in parts, in order; the job journals it whole after the last.
        var parts = WireSize.Chunks(spec.Tasks, t => t, int.MaxValue).ToList();
        var submission = Guid.NewGuid().ToString("N");
        for (var i = 0; i < parts.Count - 1; i++)
        {
            var part = new SubmitJobPart(submission, i, parts.Count, spec with { Tasks = parts[i] });
            if (await Jobs.Ask<object>(part, timeout ?? DefaultTimeout, cancellationToken).ConfigureAwait(false) is JobRejected r)
                throw new JobRejectedException(r.JobId, r.Reason);
        }
        object message = parts.Count <= 1 ? new SubmitJob(spec) : new SubmitJobPart(submission, parts.Count - 1, parts.Count, spec with { Tasks = parts[^1] });
        return await Jobs.Ask<object>(message, timeout ?? DefaultTimeout, cancellationToken).ConfigureAwait(false) switch
        {
            JobAccepted a => a,
            JobRejected r => throw new JobRejectedException(r.JobId, r.Reason),
            var other => throw new InvalidOperationException($"Unexpected reply to SubmitJob: {other}"),
        };
    }

    /// <summary>The job's state, or null when no job has that id.</summary>
    /// <param name="maxTasks">With <paramref name="includeTasks"/>: at most this many task rows (failed ones first).</param>
    public async Task<JobView?> GetJobAsync(string jobId, bool includeTasks = false, TimeSpan? timeout = null, CancellationToken cancellationToken = default,
        int maxTasks = 100) =>
        await Jobs.Ask<object>(new GetJob(jobId, includeTasks, maxTasks), timeout ?? DefaultTimeout, cancellationToken).ConfigureAwait(false) switch
        {
            JobView v => v,
            JobNotFound => null,
            var other => throw new InvalidOperationException($"Unexpected reply to GetJob: {other}"),
        };

    /// <summary>Cancels a job; returns its state after the cancellation is journaled (null when no job has that id).</summary>
    public async Task<JobView?> CancelJobAsync(string jobId, string reason = "cancelled by request", TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        await Jobs.Ask<object>(new CancelJob(jobId, reason), timeout ?? DefaultTimeout, cancellationToken).ConfigureAwait(false) switch
        {
            JobView v => v,
            JobNotFound => null,
            var other => throw new InvalidOperationException($"Unexpected reply to CancelJob: {other}"),
        };

    /// <summary>Polls the job every <paramref name="poll"/> until it ends or <paramref name="timeout"/> passes.</summary>
    /// <exception cref="TimeoutException">It did not end in time.</exception>
    public async Task<JobView> WaitForJobAsync(string jobId, TimeSpan timeout, TimeSpan? poll = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var view = await GetJobAsync(jobId, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (view is { IsFinished: true })
                return view;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Job {jobId} did not end within {timeout}: {view?.Progress}");
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<JobSummary>> ListJobsAsync(bool includeFinished = true, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await Coordinator.Ask<JobList>(new ListJobs(includeFinished), timeout ?? DefaultTimeout, cancellationToken).ConfigureAwait(false)).Jobs;

    public async Task<IReadOnlyList<AgentInfo>> ListAgentsAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await Coordinator.Ask<AgentList>(new ListAgents(), timeout ?? DefaultTimeout, cancellationToken).ConfigureAwait(false)).Agents;

    public Task<TaskStats> GetTaskStatsAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Coordinator.Ask<TaskStats>(new GetTaskStats(), timeout ?? DefaultTimeout, cancellationToken);

    /// <summary>Sends an agent command (<see cref="GetAgent"/>, <see cref="PauseAgent"/>, ...); null when no agent has that id.</summary>
    public async Task<AgentInfo?> AskAgentAsync(object command, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        await Agents.Ask<object>(command, timeout ?? DefaultTimeout, cancellationToken).ConfigureAwait(false) switch
        {
            AgentInfo a => a,
            AgentNotFound => null,
            var other => throw new InvalidOperationException($"Unexpected reply to {command.GetType().Name}: {other}"),
        };

    private sealed class Holder
    {
        public bool Started;
        public KaneAgents? Instance;
    }
}

/// <summary>A job submission or command was refused; <see cref="Exception.Message"/> says why and how to fix it.</summary>
public sealed class JobRejectedException(string jobId, string reason) : Exception($"Job {jobId} rejected: {reason}")
{
    public string JobId { get; } = jobId;
    public string Reason { get; } = reason;
}
