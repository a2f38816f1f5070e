using System.Globalization;
using System.Text.Json.Nodes;
using Kane.Cli;
using Kane.Tests.Processes;

namespace Kane.Node.Tests;

/// <summary>Kane.Node as real processes, with a Kane.Seed, one SQLite journal file, and the kane CLI in process.</summary>
public sealed class NodeProcessSpec : IDisposable
{
    private readonly List<KaneProcess> _processes = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-node-tests-").FullName;

    public void Dispose()
    {
        foreach (var p in _processes) p.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData("--agents", "many", "kane-node: --agents 'many' must be a whole number from 0 (one per core) to 4096.")]
    [InlineData("--capabilities", "fs,,exif", "kane-node: --capabilities 'fs,,exif' has an empty entry")]
    [InlineData("--journal", "mysql:x", "kane-node: --journal 'mysql:x' must be sqlite:PATH or postgres:CONNSTRING.")]
    public void Bad_input_ends_the_node_with_exit_code_2_and_one_line_that_says_what_to_fix(string option, string value, string expected)
    {
        var node = Start("Kane.Node.dll", [option, value]);
        Assert.True(node.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, node.Process.ExitCode);
        var lines = node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(lines);
        Assert.StartsWith(expected, lines[0]);
    }

    [Fact]
    public void A_node_without_a_secret_refuses_to_start_with_exit_code_2_and_says_how_to_set_it()
    {
        var node = Start("Kane.Node.dll", ["--port", "0", "--management-port", "0"], secret: null);
        Assert.True(node.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, node.Process.ExitCode);
        Assert.Contains("KANE__REMOTE__SECRET", node.Output);
    }

    [Fact]
    public async Task A_seed_and_two_nodes_on_one_SQLite_journal_run_a_submitted_job_to_the_end_and_a_SIGTERM_makes_a_node_leave()
    {
        var seedPort = KaneProcess.FreePort();
        var (seedCmd, cmd1, cmd2) = (KaneProcess.FreePort(), KaneProcess.FreePort(), KaneProcess.FreePort());
        var journal = "sqlite:" + Path.Combine(_dir, "journal.db");
        // A test machine is busy by design: the CPU gates (specified on their own) would only hold the tasks back.
        string[] common = ["--hostname", "127.0.0.1", "--seed", $"127.0.0.1:{seedPort}", "--journal", journal,
            "--kane:agents:resource-gates:cpu-warn=100", "--kane:agents:resource-gates:cpu-stop=100"];
        Start("Kane.Seed.dll", [.. common, "--port", seedPort.ToString(CultureInfo.InvariantCulture), "--management-port", P(seedCmd)]);
        var node1 = Start("Kane.Node.dll", [.. common, "--port", "0", "--management-port", P(cmd1), "--agents", "2", "--capabilities", "fs"]);
        var node2 = Start("Kane.Node.dll", [.. common, "--port", "0", "--management-port", P(cmd2), "--agents", "2"]);
        node1.WaitFor("Member kane.tcp://kane@127.0.0.1:", "is Up", TimeSpan.FromSeconds(60));

        // Every node's agents registered with the coordinator, reached through node 1's endpoint.
        var agents = await AwaitJson(cmd1, j => j["count"]!.GetValue<int>() == 4, "agents", "list");
        Assert.Equal(2, agents["agents"]!.AsArray().Count(a => a!["capabilities"]!.AsArray().Any(c => (string?)c == "fs")));

        var file = Path.Combine(_dir, "sleepy.json");
        var tasks = string.Join(",", Enumerable.Range(1, 12).Select(i => $$$"""{"id": "t{{{i}}}", "type": "kane.sleep", "metadata": {"ms": "50"}}"""));
        await File.WriteAllTextAsync(file, $$"""{"id": "sleepy-1", "name": "sleepy", "tasks": [{{tasks}}]}""");
        // Submitted through the seed, which hosts no agents: it reaches the jobs through its proxies.
        var (code, output, error) = await Kane(seedCmd, "jobs", "submit", file);
        Assert.True(code == 0, error);
        Assert.StartsWith("Job sleepy-1 accepted: 12 tasks.", output);

        (code, output, error) = await Kane(cmd2, "jobs", "watch", "sleepy-1");
        Assert.True(code == 0, error + output);
        Assert.EndsWith("Job sleepy-1 completed: 12 tasks succeeded", output.TrimEnd().Split('\n')[^1].Split(" in ")[0]);

        var listed = await AwaitJson(seedCmd, j => j["jobs"]!.AsArray().Any(x => (string?)x!["jobId"] == "sleepy-1" && (string?)x["status"] == "completed"), "jobs", "list");
        Assert.Equal(1, listed["count"]!.GetValue<int>());
        var stats = await AwaitJson(cmd1, j => j["completed"]!.GetValue<long>() == 12, "tasks", "stats");
        Assert.Equal(2, stats["nodes"]!.AsArray().Count);

        node2.Terminate();
        Assert.True(node2.WaitForExit(TimeSpan.FromSeconds(60)), "the node stopped after SIGTERM");
        Assert.Equal(0, node2.Process.ExitCode);
        node1.WaitFor("Member removed: kane.tcp://kane@127.0.0.1:", "(was Exiting)", TimeSpan.FromSeconds(30));
    }

    private static string P(int port) => port.ToString(CultureInfo.InvariantCulture);

    private KaneProcess Start(string dll, string[] args, string? secret = "node-tests")
    {
        var p = new KaneProcess(dll, args, secret);
        _processes.Add(p);
        return p;
    }

    private static async Task<(int Code, string Output, string Error)> Kane(int port, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        // A stream (jobs watch) that never ends is cut off here; its output then lacks the last line the test expects.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var code = await KaneCli.RunAsync([.. args, "--port", P(port)], output, error, limit.Token);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs a --json command until its answer satisfies <paramref name="condition"/> (the cluster is still forming).</summary>
    private static async Task<JsonNode> AwaitJson(int port, Func<JsonNode, bool> condition, params string[] args)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = "";
        while (true)
        {
            var (code, output, error) = await Kane(port, [.. args, "--json"]);
            last = code == 0 ? output : error;
            if (code == 0 && JsonNode.Parse(output) is { } json && condition(json)) return json;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"kane {string.Join(' ', args)} never gave the expected answer; last: {last}");
            await Task.Delay(200);
        }
    }
}
