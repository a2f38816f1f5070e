using Kane.Actor;
using Kane.Cmd;

namespace Kane.Cli.Tests;

/// <summary>`kane jobs ...` on the client side: submit reads FILE here and sends its text; the rest is passed on.</summary>
public sealed class JobsCliCommandsSpec : IAsyncLifetime
{
    private ActorSystem _system = null!;
    private string _port = "";
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-cli-jobs-").FullName;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("jobsclispec");
        // Stands in for the node's jobs palette: says what it received.
        var palette = new CommandPalette("jobs", "Jobs as the client sends them.")
            .Add(new CommandDefinition("submit", "Echo.", async c =>
            {
                await c.WriteLineAsync($"{c.Get("source")}: {c.Get("spec")}");
                return 0;
            }) { Arguments = [new CommandArgument("spec", "JSON.") { Mandatory = true }, new CommandArgument("source", "Name.")] })
            .Add(new CommandDefinition("show", "Echo.", async c =>
            {
                await c.WriteLineAsync($"show {c.Get("id")} tasks={c.Get("tasks") ?? "no"}");
                return 0;
            }) { Arguments = [new CommandArgument("id", "Id.") { Positional = true, Mandatory = true }, new CommandArgument("tasks", "Flag.") { Flag = true }] })
            .Add(new CommandDefinition("cancel", "Echo.", async c =>
            {
                await c.WriteLineAsync($"cancel {c.Get("id")} because {c.Get("reason")}");
                return 0;
            }) { Arguments = [new CommandArgument("id", "Id.") { Positional = true, Mandatory = true }, new CommandArgument("reason", "Why.")] });
        var cmd = KaneCmd.Get(_system).RegisterPalette(palette).Start(CmdSettings.Default with { Port = 0, MaxRequestBytes = 2048 });
        _port = cmd.EndPoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _system.Terminate();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(int Exit, string Out, string Err)> Kane(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await KaneCli.RunAsync(["--port", _port, .. args], output, error, environment: _ => null);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Submit_sends_the_text_of_the_file_with_its_name()
    {
        var path = Path.Combine(_dir, "job.json");
        await File.WriteAllTextAsync(path, """{"tasks": []}""");
        var (exit, output, _) = await Kane("jobs", "submit", path);
        Assert.Equal(0, exit);
        Assert.Equal("""job.json: {"tasks": []}""", output.Trim());
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_is_a_usage_error_and_nothing_is_sent()
    {
        var (exit, output, error) = await Kane("jobs", "submit", Path.Combine(_dir, "absent.json"));
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("kane: cannot read job file ", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_file_too_large_for_one_request_says_what_to_do()
    {
        var path = Path.Combine(_dir, "big.json");
        await File.WriteAllTextAsync(path, new string(' ', 4096));
        var (exit, _, error) = await Kane("jobs", "submit", path);
        Assert.Equal(1, exit);
        Assert.Contains("is too large for one request: split the job, or raise kane.cmd.max-request-bytes on the node.", error);
    }

    [Fact]
    public async Task Show_and_cancel_pass_their_id_flag_and_reason_on()
    {
        Assert.Equal("show j-1 tasks=true", (await Kane("jobs", "show", "j-1", "--tasks")).Out.Trim());
        Assert.Equal("show j-1 tasks=no", (await Kane("jobs", "show", "j-1")).Out.Trim());
        Assert.Equal("cancel j-1 because late", (await Kane("jobs", "cancel", "j-1", "--reason", "late")).Out.Trim());
    }
}
