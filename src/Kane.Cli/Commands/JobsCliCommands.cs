using System.CommandLine;
using System.Runtime.CompilerServices;
using Kane.Cli.Management;
using Kane.Cmd.Protocol;

namespace Kane.Cli.Commands;

/// <summary>
/// <c>kane jobs submit FILE|list|show ID|watch ID|cancel ID</c> (palette 'jobs'), and <c>undo JOB --into DST</c>, which runs here. Defined here because submit reads
/// FILE on this machine and sends its text; the node parses and checks it, and does the rest.
/// </summary>
internal static class JobsCliCommands
{
    private const string Palette = "jobs";

    public static Command Create(EndpointOptions endpoint, TextWriter output, TextWriter error)
    {
        var jobs = new Command(Palette, "Submit, follow and cancel jobs (palette 'jobs').");
        jobs.Subcommands.Add(Submit(endpoint, output, error));

        var running = new Option<bool>("--running") { Description = "Only jobs that have not ended." };
        var list = new Command("list", "One line per job, newest first: id | name | status | priority | finished/total | failed | created.") { running };
        list.SetAction((result, ct) => Run(endpoint, result, output, error, "list", result.GetValue(running) ? new() { ["running"] = "true" } : [], ct));
        jobs.Subcommands.Add(list);

        var tasks = new Option<bool>("--tasks") { Description = "Also list the job's tasks (failed first, at most --max-tasks)." };
        var maxTasks = new Option<string?>("--max-tasks") { Description = "With --tasks: at most this many task rows (default 100)." };
        jobs.Subcommands.Add(WithId("show", "A job: status, progress, errors (and its tasks with --tasks).", endpoint, output, error, tasks, maxTasks));
        jobs.Subcommands.Add(WithId("watch", "Stream the job's progress until it ends (Ctrl-C stops watching); exit code 0 when every task succeeded, 1 otherwise.", endpoint, output, error));
        var reason = new Option<string?>("--reason") { Description = "Why, kept with the job." };
        jobs.Subcommands.Add(UndoCommand.Create(endpoint, output, error));
        jobs.Subcommands.Add(WithId("cancel", "Cancel the job: queued tasks are abandoned, running ones told to stop (needs the access token).", endpoint, output, error, reason));
        return jobs;
    }

    private static Command Submit(EndpointOptions endpoint, TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("FILE") { Description = "A JSON job file (README.md, \"Job files\")." };
        var submit = new Command("submit", "Submit the job FILE describes; prints its id (needs the access token).") { file };
        submit.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            string text;
            try
            {
                text = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                await error.WriteLineAsync($"kane: cannot read job file {path}: {e.Message}").ConfigureAwait(false);
                return RemoteRun.Usage;
            }
            var client = endpoint.Client(result);
            var arguments = new Dictionary<string, string> { ["spec"] = text, ["source"] = Path.GetFileName(path) };
            return await RemoteRun.RunAsync(c => ExplainTooLarge(client.RunAsync(Palette, "submit", arguments, json: endpoint.WantsJson(result), ct: c), path), output, error, ct).ConfigureAwait(false);
        });
        return submit;
    }

    /// <summary>A job file larger than the node accepts in one request gets a hint on what to do about it.</summary>
    private static async IAsyncEnumerable<CmdFrame> ExplainTooLarge(IAsyncEnumerable<CmdFrame> frames, string path, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var frame in frames.WithCancellation(ct).ConfigureAwait(false))
        {
            yield return frame is { Type: CmdProtocol.FrameError, Code: CmdProtocol.ErrorTooLarge }
                ? CmdFrame.Error(frame.Code, $"{frame.Message} — job file {path} is too large for one request: split the job, or raise kane.cmd.max-request-bytes on the node.")
                : frame;
        }
    }

    private static Command WithId(string name, string description, EndpointOptions endpoint, TextWriter output, TextWriter error, params Option[] extras)
    {
        var id = new Argument<string>("ID") { Description = "A job id, as `kane jobs list` shows it." };
        var command = new Command(name, description) { id };
        foreach (var extra in extras) command.Options.Add(extra);
        command.SetAction((result, ct) =>
        {
            var arguments = new Dictionary<string, string> { ["id"] = result.GetValue(id)! };
            foreach (var extra in extras)
            {
                switch (extra)
                {
                    case Option<bool> flag when result.GetValue(flag):
                        arguments[flag.Name.TrimStart('-')] = "true";
                        break;
                    case Option<string?> value when result.GetValue(value) is { } text:
                        arguments[value.Name.TrimStart('-')] = text;
                        break;
                }
            }
            return Run(endpoint, result, output, error, name, arguments, ct);
        });
        return command;
    }

    private static Task<int> Run(EndpointOptions endpoint, ParseResult result, TextWriter output, TextWriter error, string command, Dictionary<string, string> arguments, CancellationToken ct)
    {
        var client = endpoint.Client(result);
        return RemoteRun.RunAsync(c => client.RunAsync(Palette, command, arguments, json: endpoint.WantsJson(result), ct: c), output, error, ct);
    }
}
