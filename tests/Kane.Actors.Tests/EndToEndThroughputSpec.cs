using System.Diagnostics;
using Kane.Actor;
using Kane.Cluster;
using Kane.Persistence.Sql;
using Kane.Remote;
using Xunit.Abstractions;

namespace Kane.Actors.Tests;

/// <summary>
/// The whole path on one node with the SQLite journal (jobs, coordinators, agents, a no-op handler): every task runs
/// once and the job completes; the rate is printed, not asserted (KANE_MEASURE_TASKS sets the size, 20,000 by default).
/// </summary>
public sealed class EndToEndThroughputSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task A_large_job_of_no_op_tasks_completes_with_every_task_run_once_on_one_node_with_sqlite()
    {
        var tasks = int.TryParse(Environment.GetEnvironmentVariable("KANE_MEASURE_TASKS"), out var n) ? n : 20_000;
        var dir = Directory.CreateTempSubdirectory("kane-e2e-throughput-").FullName;
        var system = ActorSystem.Create("kane", ActorSystemSettings.FromConfig(Nodes.FastConfig).WithRemoting(Kane.Cluster.Tests.Nodes.Remote()));
        try
        {
            SqlPersistence.Install(system, "sqlite:" + Path.Combine(dir, "journal.db"));
            var cluster = system.StartCluster(Nodes.Worker() with { SeedNodes = [system.Address] });
            await cluster.WhenUp.WaitAsync(TimeSpan.FromSeconds(20));
            var handler = new EndToEndSpec.CountingHandler();
            var agents = Nodes.StartAgents(system, new TaskHandlerRegistry().Register(handler), EndToEndSpec.Settings with { NodeQueueLimit = int.TryParse(Environment.GetEnvironmentVariable("KANE_MEASURE_QUEUE"), out var q) ? q : 1000 });
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await agents.ListAgentsAsync()).Count == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the node's agents did not register");
                await Task.Delay(50);
            }

            var sw = Stopwatch.StartNew();
            await agents.SubmitAsync(EndToEndSpec.Job("throughput", tasks), TimeSpan.FromSeconds(120));
            var submitted = sw.Elapsed;
            var view = await agents.WaitForJobAsync("throughput", TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(100));
            var total = sw.Elapsed;

            Assert.Equal(JobStatus.Completed, view.Status);
            Assert.Equal(tasks, view.Progress.Succeeded);
            Assert.Equal(tasks, handler.Runs.Count);
            Assert.All(handler.Runs.Values, r => Assert.Equal(1, r));
            output.WriteLine($"{tasks} no-op tasks on one node (SQLite, {agents.Settings.AgentsFor(Environment.ProcessorCount)} agents, {Environment.ProcessorCount} cores): "
                + $"submitted in {submitted.TotalSeconds:0.00}s, completed in {total.TotalSeconds:0.00}s = {tasks / total.TotalSeconds:0} tasks/s "
                + $"({tasks / (total - submitted).TotalSeconds:0} tasks/s after submission)");
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
