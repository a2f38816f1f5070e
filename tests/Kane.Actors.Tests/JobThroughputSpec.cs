using System.Collections.Concurrent;
using System.Diagnostics;
using Kane.Actor;
using Kane.Actors.Internal;
using Kane.Cluster;
using Kane.Pattern;
using Kane.Persistence.Sql;
using Kane.Remote;
using Xunit.Abstractions;

namespace Kane.Actors.Tests;

/// <summary>
/// The job and coordinator path on one node with the SQLite journal, against a node coordinator that finishes every
/// task at once: every task succeeds exactly once; the rate is printed (set KANE_MEASURE_TASKS for larger runs).
/// </summary>
public sealed class JobThroughputSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_task_of_a_large_job_succeeds_once_through_the_job_and_coordinator_on_sqlite()
    {
        var tasks = int.TryParse(Environment.GetEnvironmentVariable("KANE_MEASURE_TASKS"), out var n) ? n : 20_000;
        var dir = Directory.CreateTempSubdirectory("kane-job-throughput-").FullName;
        var system = ActorSystem.Create("kane", ActorSystemSettings.FromConfig(Nodes.FastConfig).WithRemoting(Kane.Cluster.Tests.Nodes.Remote()));
        try
        {
            SqlPersistence.Install(system, "sqlite:" + Path.Combine(dir, "journal.db"));
            JobEntity.RegisterEvents(Kane.Persistence.Persistence.Get(system).Serializers);
            ClusterCoordinator.RegisterEvents(Kane.Persistence.Persistence.Get(system).Serializers);
            var cluster = system.StartCluster(Nodes.Worker() with { SeedNodes = [system.Address] });
            await cluster.WhenUp.WaitAsync(TimeSpan.FromSeconds(20));
            var settings = KaneAgentsSettings.FromConfig(Nodes.FastConfig) with { LoadThreshold = 1.0 };
            var router = system.ActorOf(Props.Create(() => new JobRouter()), "jobs");
            var coordinator = system.ActorOf(ClusterCoordinator.Props(settings, router), "coordinator");
            var runs = new ConcurrentDictionary<string, int>();
            system.ActorOf(Props.Create(() => new InstantNode(coordinator, runs)), "node");
            var job = system.ActorOf(JobEntity.Props("big", settings, coordinator), "job-big");
            router.Tell(job);

            var spec = new JobSpec("big", "throughput", TaskPriority.Normal,
                [.. Enumerable.Range(0, tasks).Select(i => new KaneTask($"t{i}", "noop", TaskPriority.Normal, []))]);
            var sw = Stopwatch.StartNew();
            Assert.IsType<JobAccepted>(await job.Ask<object>(new SubmitJob(spec), TimeSpan.FromSeconds(60)));
            var submitted = sw.Elapsed;
            JobView view;
            while (!(view = await job.Ask<JobView>(new GetJob("big"), TimeSpan.FromSeconds(30))).IsFinished)
            {
                Assert.True(sw.Elapsed < TimeSpan.FromMinutes(5), $"the job did not end: {view.Progress}");
                await Task.Delay(50);
            }
            var total = sw.Elapsed;
            Assert.Equal(JobStatus.Completed, view.Status);
            Assert.Equal(tasks, view.Progress.Succeeded);
            Assert.Equal(tasks, runs.Count);
            Assert.All(runs.Values, r => Assert.Equal(1, r));
            output.WriteLine($"{tasks} tasks: submitted in {submitted.TotalSeconds:0.00}s, done in {total.TotalSeconds:0.00}s = {tasks / total.TotalSeconds:0} tasks/s end to end (job + coordinator + SQLite)");
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Stands in for the job region: forwards job messages to the one job.</summary>
    private sealed class JobRouter : ReceiveActor
    {
        private IActorRef? _job;

        public JobRouter()
        {
            Receive<IActorRef>(j => _job = j);
            ReceiveAny(m => _job?.Tell(m, Sender));
        }
    }

    /// <summary>A node coordinator whose tasks finish the moment they arrive; reports an empty queue after each assignment.</summary>
    private sealed class InstantNode : ReceiveActor
    {
        public InstantNode(IActorRef coordinator, ConcurrentDictionary<string, int> runs)
        {
            var cluster = Cluster.Cluster.Get(Context.System);
            var self = new NodeRef(Paths.NodeName(cluster.SelfAddress), cluster.SelfUniqueAddress.Uid, Paths.Of(Self));
            var report = new NodeStatusReport(self, 0, 0, 64, true, [], new NodeTaskStats(self.Node, true, 1, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
            coordinator.Tell(new RegisterNode(self, [], ["noop"], 64));
            Receive<NodeRegistered>(_ => { });
            Receive<TaskResultsAck>(_ => { });
            Receive<AssignTasks>(a =>
            {
                var now = DateTimeOffset.UtcNow;
                foreach (var t in a.Tasks) runs.AddOrUpdate(t.Task.Id, 1, (_, c) => c + 1);
                Sender.Tell(new TaskResults(a.JobId, self.Node, [.. a.Tasks.Select(t => new TaskResult(t.Task.Id, t.Attempt, "instant", TaskOutcome.Done, null, 0, now, 0))]));
                coordinator.Tell(report);
            });
        }
    }
}
