using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;
using Kane.Actor;
using Kane.Cmd;

namespace Kane.Cli.Tests;

/// <summary>The kane client end to end against an endpoint in this process, on a free loopback port.</summary>
public sealed class ManagementCommandSpec : IAsyncLifetime
{
    private const string Token = "cli-token-123";
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
    private ActorSystem _system = null!;
    private string _port = "";

    public async Task InitializeAsync()
    {
        _system = ActorSystem.Create("clispec");
        var palette = new CommandPalette("demo", "A palette this client has no code for.")
            .Add(new CommandDefinition("greet", "Greet someone.", async c =>
            {
                if (c.Json) await c.WriteJsonAsync(new System.Text.Json.Nodes.JsonObject { ["greeting"] = $"hello {c.Get("name")}" });
                else await c.WriteLineAsync($"hello {c.Get("name")}");
                return 0;
            }) { Arguments = [new CommandArgument("name", "Who.") { Positional = true, Mandatory = true, Switches = ["-n"] }] })
            .Add(new CommandDefinition("tail", "Stream events.", async c =>
            {
                await foreach (var e in _events.Reader.ReadAllAsync(c.Cancelled)) await c.WriteLineAsync(e);
                return 0;
            }) { Streaming = true })
            .Add(new CommandDefinition("down", "Change the cluster.", async c =>
            {
                await c.WriteLineAsync("downed");
                return 0;
            }) { ChangesCluster = true });
        var cmd = KaneCmd.Get(_system).RegisterPalette(palette).Start(CmdSettings.Default with { Port = 0, AccessToken = Token });
        _port = cmd.EndPoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Something to see in the tree.
        _system.ActorOf(Props.Create(() => new Idle()), "jobs");
        await Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate();

    private sealed class Idle : ReceiveActor
    {
        public Idle() => ReceiveAny(_ => { });
    }

    private async Task<(int Exit, string Out, string Err)> Kane(string[] args, CancellationToken ct = default, Func<string, string?>? env = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await KaneCli.RunAsync(["--port", _port, .. args], output, error, ct, env ?? (_ => null));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Actor_hierarchy_prints_the_tree_of_the_node()
    {
        var (exit, output, error) = await Kane(["actor", "hierarchy", "-s", "/user", "-d", "1"]);
        Assert.True(exit == 0, error);
        Assert.Equal(["kane://clispec/user", "└── jobs", "Count: 2 actors"], output.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Actor_hierarchy_with_json_prints_one_JSON_object()
    {
        var (exit, output, _) = await Kane(["actor", "hierarchy", "--json", "--depth", "1", "--start", "/user"]);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("kane://clispec/user", json.RootElement.GetProperty("root").GetProperty("path").GetString());
        Assert.Equal("jobs", json.RootElement.GetProperty("root").GetProperty("children")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_palette_the_client_has_no_code_for_runs_by_name_with_its_arguments_parsed_by_the_node()
    {
        Assert.Equal((0, "hello ada\n", ""), await Kane(["demo", "greet", "ada"]));
        var (exit, output, _) = await Kane(["--json", "demo", "greet", "-n", "bob"]);
        Assert.Equal(0, exit);
        Assert.Equal("hello bob", JsonDocument.Parse(output).RootElement.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task Help_lists_the_palettes_the_node_serves()
    {
        var (exit, output, _) = await Kane(["help"]);
        Assert.Equal(0, exit);
        Assert.Contains("kane actor hierarchy [START] [--depth DEPTH]", output);
        Assert.Contains("kane demo tail", output);
        Assert.Contains("[streams until Ctrl-C]", output);
        Assert.Contains("[changes the cluster: needs the token]", output);
        var json = await Kane(["help", "demo", "--json"]);
        Assert.Equal(["greet", "tail", "down"], JsonDocument.Parse(json.Out).RootElement[0].GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Usage_mistakes_exit_2_with_the_node_s_message()
    {
        var missing = await Kane(["demo", "greet"]);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("needs --name", missing.Err);
        var unknown = await Kane(["demo", "nope"]);
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("no command 'nope'", unknown.Err);
        Assert.Equal(2, (await Kane(["actor", "hierarchy", "--depth", "deep"])).Exit);
        Assert.Equal(2, (await Kane(["demo"])).Exit);
        Assert.Equal(2, (await Kane([])).Exit);
    }

    [Fact]
    public async Task A_command_that_changes_the_cluster_takes_the_token_from_the_option_or_KANE_CMD_TOKEN()
    {
        var refused = await Kane(["demo", "down"]);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("KANE_CMD_TOKEN", refused.Err);
        Assert.Equal((0, "downed\n", ""), await Kane(["demo", "down", "--token", Token]));
        Assert.Equal((0, "downed\n", ""), await Kane(["demo", "down"], env: name => name == "KANE_CMD_TOKEN" ? Token : null));
    }

    [Fact]
    public async Task Help_never_prints_the_token_from_the_environment()
    {
        var (exit, output, _) = await Kane(["--help"], env: _ => "env-secret-value");
        Assert.Equal(0, exit);
        Assert.Contains("--token", output);
        Assert.DoesNotContain("env-secret-value", output);
    }

    [Fact]
    public async Task A_streaming_command_prints_until_cancelled_and_then_exits_0()
    {
        using var cts = new CancellationTokenSource();
        var output = new NotifyingWriter();
        var error = new StringWriter();
        var run = KaneCli.RunAsync(["--port", _port, "demo", "tail"], output, error, cts.Token, _ => null);
        await _events.Writer.WriteAsync("event one");
        await output.Seen("event one").WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("", error.ToString());
        // The node noticed the hang-up and serves the next command.
        Assert.Equal(0, (await Kane(["demo", "greet", "again"])).Exit);
    }

    [Fact]
    public async Task No_endpoint_at_the_address_exits_1_with_a_clear_message()
    {
        var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var port = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await KaneCli.RunAsync(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "actor", "hierarchy"], output, error);
        Assert.Equal(1, exit);
        Assert.StartsWith($"kane: no Kane management endpoint at 127.0.0.1:{port}; is the node running with kane.cmd enabled?", error.ToString());
    }

    [Fact]
    public async Task A_bad_port_is_a_usage_error()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(2, await KaneCli.RunAsync(["--port", "0", "actor", "hierarchy"], output, error));
        Assert.Equal(2, await KaneCli.RunAsync(["--port", "x", "actor", "hierarchy"], output, error));
    }

    /// <summary>A writer a test can await a line on, since the CLI writes from another task.</summary>
    private sealed class NotifyingWriter : StringWriter
    {
        private readonly object _gate = new();
        private readonly List<(string Text, TaskCompletionSource Done)> _waits = [];

        public Task Seen(string text)
        {
            lock (_gate)
            {
                if (ToString().Contains(text, StringComparison.Ordinal)) return Task.CompletedTask;
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waits.Add((text, done));
                return done.Task;
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
                foreach (var (text, done) in _waits)
                    if (ToString().Contains(text, StringComparison.Ordinal)) done.TrySetResult();
            }
            return Task.CompletedTask;
        }
    }
}
