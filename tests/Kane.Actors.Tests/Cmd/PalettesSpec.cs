using System.Globalization;
using System.Text.Json.Nodes;
using Kane.Actor;
using Kane.Actors.Cmd;
using Kane.Cli;
using Kane.Cluster;
using Kane.Cluster.Cmd;
using Kane.Cmd;

namespace Kane.Actors.Tests.Cmd;

/// <summary>The agents, jobs and tasks palettes on a real endpoint of a two-node in-process cluster, run through the kane CLI.</summary>
public sealed class PalettesSpec : IDisposable
{
    private const string Token = "palette-token";
    private readonly Nodes _nodes = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-palettes-").FullName;

    public void Dispose()
    {
        _nodes.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>Runs one task: records where it ran, succeeds after <c>ms</c> milliseconds.</summary>
    private sealed class EchoHandler(string type, params string[] capabilities) : ITaskHandler
    {
        public string TaskType => type;

        public IReadOnlyCollection<string> Capabilities => capabilities;

        public async ValueTask<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(int.Parse(context.Task.Metadata.GetValueOrDefault("ms", "0"), CultureInfo.InvariantCulture), cancellationToken);
            return new TaskOutcome { Output = new Dictionary<string, string> { ["agent"] = context.AgentId } };
        }
    }

    /// <summary>Two workers with two agents each (B's with capability "b"), the endpoint on A with an access token.</summary>
    private (Kane.Cluster.Cluster A, Kane.Cluster.Cluster B, int Port) TwoWorkers()
    {
        var a = _nodes.System();
        var b = _nodes.System();
        var ca = _nodes.Start(a, Nodes.Worker(), a.Address);
        var cb = _nodes.Start(b, Nodes.Worker(), a.Address);
        Nodes.AwaitUp(2, ca, cb);
        // A test machine is busy by design: the CPU gates (specified on their own) would only hold the tasks back.
        var settings = KaneAgentsSettings.FromConfig(Nodes.FastConfig) with { AgentsPerNode = 2, GateCpuWarn = 100, GateCpuStop = 100 };
        Nodes.StartAgents(a, new TaskHandlerRegistry().Register(new EchoHandler("test.echo")), settings);
        Nodes.StartAgents(b, new TaskHandlerRegistry().Register(new EchoHandler("test.echo")).Register(new EchoHandler("test.b-only", "b")), settings with { Capabilities = ["b"] });
        // Every host serves the palettes (Kane.Node and Kane.Seed do), which also starts its node's event relay.
        KaneCmd.Get(b).RegisterKaneAgentsPalettes();
        var cmd = KaneCmd.Get(a).RegisterPalette(ClusterCommands.Palette).RegisterKaneAgentsPalettes()
            .Start(CmdSettings.Default with { Port = 0, AccessToken = Token });
        return (ca, cb, cmd.EndPoint!.Port);
    }

    private string JobFile(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> Kane(int port, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        // A stream (jobs watch) that never ends is cut off here; its output then lacks the last line the test expects.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = await KaneCli.RunAsync([.. args, "--port", port.ToString(CultureInfo.InvariantCulture)], output, error, limit.Token);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<JsonNode> AwaitJson(int port, Func<JsonNode, bool> condition, params string[] args)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var (code, output, error) = await Kane(port, [.. args, "--json"]);
            if (code == 0 && JsonNode.Parse(output) is { } json && condition(json)) return json;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"kane {string.Join(' ', args)} never gave the expected answer; last: {output}{error}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_job_file_submitted_with_the_token_runs_to_the_end_and_shows_in_jobs_tasks_and_agents()
    {
        var (_, _, port) = TwoWorkers();
        var agents = await AwaitJson(port, j => j["count"]!.GetValue<int>() == 4, "agents", "list");
        Assert.Equal(2, agents["agents"]!.AsArray().Count(x => x!["capabilities"]!.AsArray().Count == 1));

        var tasks = string.Join(",", Enumerable.Range(1, 8).Select(i => $$$"""{"id": "t{{{i}}}", "type": "test.echo", "metadata": {"ms": "20"}}"""));
        var file = JobFile("echo.json", $$"""{"id": "echo-1", "name": "echo", "tasks": [{{tasks}}, {"id": "last", "type": "test.b-only", "dependsOn": ["t1", "t8"]}]}""");

        var (code, output, error) = await Kane(port, "jobs", "submit", file);
        Assert.Equal(1, code);
        Assert.Contains("token", error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await AwaitJson(port, _ => true, "jobs", "list"))["count"]!.GetValue<int>());

        (code, output, error) = await Kane(port, "jobs", "submit", file, "--token", Token);
        Assert.True(code == 0, error);
        Assert.Equal("Job echo-1 accepted: 9 tasks. Follow it with: kane jobs watch echo-1", output.Trim());

        (code, output, error) = await Kane(port, "jobs", "watch", "echo-1");
        Assert.True(code == 0, error + output);
        var lines = output.Trim().Split('\n');
        Assert.StartsWith("Job echo-1 completed: 9 tasks succeeded in ", lines[^1]);
        Assert.Contains(" completed | 9/9 finished | succeeded 9 | failed 0 |", lines[^2]);

        var shown = await AwaitJson(port, _ => true, "jobs", "show", "echo-1", "--tasks");
        Assert.Equal("completed", (string?)shown["status"]);
        var last = shown["tasks"]!.AsArray().Single(t => (string?)t!["taskId"] == "last")!;
        Assert.Contains(agents["agents"]!.AsArray(), x => (string?)x!["agentId"] == (string?)last["agentId"] && x["capabilities"]!.AsArray().Count == 1);
        var three = await AwaitJson(port, _ => true, "jobs", "show", "echo-1", "--tasks", "--max-tasks", "3");
        Assert.Equal(3, three["tasks"]!.AsArray().Count);

        (code, output, _) = await Kane(port, "jobs", "list");
        Assert.Equal(0, code);
        Assert.StartsWith("echo-1 | echo | completed | normal | 9/9 finished | failed: 0 | created: ", output);
        Assert.EndsWith("Count: 1 jobs", output.Trim());

        var stats = await AwaitJson(port, j => j["completed"]!.GetValue<long>() == 9, "tasks", "stats");
        Assert.Equal(2, stats["nodes"]!.AsArray().Count);
        (code, output, _) = await Kane(port, "tasks", "stats");
        Assert.Equal(0, code);
        Assert.Contains("Cluster: running | nodes: 2 | global queue: 0 | completed: 9 | failed: 0 |", output);
        await AwaitJson(port, j => j["agents"]!.AsArray().Sum(x => x!["metrics"]!["completed"]!.GetValue<long>()) == 9, "agents", "list");
    }

    [Fact]
    public async Task Pause_and_resume_change_an_agent_and_need_the_token()
    {
        var (_, _, port) = TwoWorkers();
        var agents = await AwaitJson(port, j => j["count"]!.GetValue<int>() == 4, "agents", "list");
        var id = (string)agents["agents"]![0]!["agentId"]!;

        var (code, _, error) = await Kane(port, "agents", "pause", id);
        Assert.Equal(1, code);
        Assert.Contains("token", error, StringComparison.OrdinalIgnoreCase);

        (code, var output, error) = await Kane(port, "agents", "pause", id, "--token", Token);
        Assert.True(code == 0, error);
        Assert.StartsWith($"Agent {id} paused: status paused", output);
        (code, output, _) = await Kane(port, "agents", "show", id);
        Assert.Equal(0, code);
        Assert.Contains("Status: paused", output);

        (code, output, error) = await Kane(port, "agents", "resume", id, "--token", Token);
        Assert.True(code == 0, error);
        Assert.StartsWith($"Agent {id} resumed: status ", output);
        Assert.DoesNotContain("paused", output.Split(':', 2)[1]);
    }

    [Fact]
    public async Task Bad_input_gets_one_line_that_says_what_to_fix_a_non_zero_exit_and_changes_nothing()
    {
        var (_, _, port) = TwoWorkers();
        await AwaitJson(port, j => j["count"]!.GetValue<int>() == 4, "agents", "list");

        async Task Refused(string expected, params string[] args)
        {
            var (code, output, error) = await Kane(port, [.. args, "--token", Token]);
            Assert.True(code == 2, $"kane {string.Join(' ', args)} → {code}: {output}{error}");
            Assert.Contains(expected, error);
            Assert.Single(error.Trim().Split('\n'));
        }

        await Refused("No agent '127.0.0.1:1/0' in the cluster: `kane agents list` lists the agents.", "agents", "show", "127.0.0.1:1/0");
        await Refused("No agent '127.0.0.1:1/0' in the cluster", "agents", "pause", "127.0.0.1:1/0");
        await Refused("'nope' is not an agent id", "agents", "stop", "nope");
        await Refused("No job 'missing-1': `kane jobs list` lists the jobs.", "jobs", "show", "missing-1");
        await Refused("No job 'missing-1'", "jobs", "cancel", "missing-1");
        await Refused("--max-tasks must be between 1 and 10000, not 0.", "jobs", "show", "missing-1", "--tasks", "--max-tasks", "0");
        await Refused("'bad id' is not a job id", "jobs", "watch", "bad id");
        await Refused("broken.json is not a valid job file at line 1", "jobs", "submit", JobFile("broken.json", """{"tasks": [ """));
        await Refused("cycle.json: tasks of job c-1 depend on each other in a cycle", "jobs", "submit",
            JobFile("cycle.json", """{"id": "c-1", "tasks": [{"id": "a", "type": "test.echo", "dependsOn": ["b"]}, {"id": "b", "type": "test.echo", "dependsOn": ["a"]}]}"""));
        await Refused("cannot read job file", "jobs", "submit", Path.Combine(_dir, "absent.json"));

        var jobs = await AwaitJson(port, _ => true, "jobs", "list");
        Assert.Equal(0, jobs["count"]!.GetValue<int>());
        var shown = await Kane(port, "jobs", "show", "c-1");
        Assert.Equal(2, shown.Code);

        var done = JobFile("one.json", """{"id": "one-1", "tasks": [{"id": "t", "type": "test.echo"}]}""");
        Assert.Equal(0, (await Kane(port, "jobs", "submit", done, "--token", Token)).Code);
        Assert.Equal(0, (await Kane(port, "jobs", "watch", "one-1")).Code);
        await Refused("Job one-1 has already ended (completed): there is nothing to cancel.", "jobs", "cancel", "one-1");
    }

    [Fact]
    public async Task Cancel_stops_a_running_job_and_watch_ends_with_exit_code_1()
    {
        var (_, _, port) = TwoWorkers();
        await AwaitJson(port, j => j["count"]!.GetValue<int>() == 4, "agents", "list");
        var tasks = string.Join(",", Enumerable.Range(1, 40).Select(i => $$$"""{"id": "t{{{i}}}", "type": "test.echo", "metadata": {"ms": "200"}}"""));
        Assert.Equal(0, (await Kane(port, "jobs", "submit", JobFile("long.json", $$"""{"id": "long-1", "tasks": [{{tasks}}]}"""), "--token", Token)).Code);
        var watching = Kane(port, "jobs", "watch", "long-1");

        var (code, output, error) = await Kane(port, "jobs", "cancel", "long-1", "--reason", "test", "--token", Token);
        Assert.True(code == 0, error);
        Assert.StartsWith("Job long-1 cancelled: ", output);

        (code, output, _) = await watching;
        Assert.Equal(1, code);
        Assert.StartsWith("Job long-1 was cancelled", output.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task Events_stream_what_happens_on_every_worker_until_interrupted()
    {
        var (_, b, port) = TwoWorkers();
        await AwaitJson(port, j => j["count"]!.GetValue<int>() == 4, "agents", "list");
        var output = new SynchronizedWriter();
        using var stop = new CancellationTokenSource();
        var streaming = KaneCli.RunAsync(["agents", "events", "--port", port.ToString(CultureInfo.InvariantCulture)], output, new StringWriter(), stop.Token);

        // Only B's agents run test.b-only and the endpoint is on A: the events come through B's relay. The stream
        // subscribes to the relays asynchronously (a job's start can come before the subscription and its completion
        // after it), so jobs are submitted until one job's start and completion both arrived.
        var onB = " on " + KaneAgents.Get(b.System).NodeName + "/";
        bool Seen(string kind, int job) => output.Text.Split('\n').Any(l =>
            l.Contains($" {kind} b-{job}/", StringComparison.Ordinal) && l.Contains(onB, StringComparison.Ordinal));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var (submitted, lastSubmit) = (0, DateTime.MinValue);
        while (!Enumerable.Range(1, submitted).Any(job => Seen("task-started", job) && Seen("task-completed", job)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no task-completed event from B; got:\n{output.Text}");
            if (DateTime.UtcNow - lastSubmit > TimeSpan.FromSeconds(1))
            {
                var file = JobFile($"b{++submitted}.json", $$"""{"id": "b-{{submitted}}", "tasks": [{"id": "only-b", "type": "test.b-only"}]}""");
                Assert.Equal(0, (await Kane(port, "jobs", "submit", file, "--token", Token)).Code);
                lastSubmit = DateTime.UtcNow;
            }
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        Assert.Equal(0, await streaming);
    }

    private sealed class SynchronizedWriter : StringWriter
    {
        private readonly object _gate = new();

        public string Text
        {
            get { lock (_gate) return ToString(); }
        }

        public override void Write(char value)
        {
            lock (_gate) base.Write(value);
        }

        public override void Write(string? value)
        {
            lock (_gate) base.Write(value);
        }

        public override Task WriteLineAsync(string? value)
        {
            lock (_gate) base.WriteLine(value);
            return Task.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
