using System.Text.Json.Nodes;
using Kane.Cmd;
using static Kane.Actors.Cmd.KaneAgentsPalettes;

namespace Kane.Actors.Cmd;

/// <summary>
/// <c>kane jobs submit FILE|list|show ID|watch ID|cancel ID</c>. Submit and cancel change the cluster and need the
/// access token rules of <c>kane.cmd</c>. The <c>kane</c> client reads submit's FILE and sends its text as <c>--spec</c>.
/// </summary>
public static class JobCommands
{
    public static CommandPalette Palette { get; } = new CommandPalette("jobs", "Submit, follow and cancel jobs.")
        .Add(new CommandDefinition("submit", "Submit the job a JSON job file describes (the kane client reads FILE and sends it as --spec).", SubmitAsync)
        {
            Arguments = [new CommandArgument("spec", "The job file's JSON text.") { Mandatory = true }, new CommandArgument("source", "The file name, for messages.") { Default = "the job file" }],
            ChangesCluster = true,
        })
        .Add(new CommandDefinition("list", "One line per job, newest first: id | name | status | priority | finished/total | failed | created.", ListAsync)
        {
            Arguments = [new CommandArgument("running", "Only jobs that have not ended.") { Flag = true }],
        })
        .Add(new CommandDefinition("show", "One job: status, progress, errors (and its tasks with --tasks).", ShowAsync)
        {
            Arguments =
            [
                IdArgument, new CommandArgument("tasks", "Also list the job's tasks (failed first, at most --max-tasks).") { Flag = true },
                new CommandArgument("max-tasks", $"With --tasks: at most this many task rows (1-{MaxTaskRows}).") { Default = "100" },
            ],
        })
        .Add(new CommandDefinition("watch", "Stream the job's progress until it ends; exit code 0 when every task succeeded, 1 otherwise.", WatchAsync)
        {
            Arguments = [IdArgument],
            Streaming = true,
        })
        .Add(new CommandDefinition("cancel", "Cancel the job: queued tasks are abandoned, running ones told to stop.", CancelAsync)
        {
            Arguments = [IdArgument, new CommandArgument("reason", "Why, kept with the job.") { Default = "cancelled with kane jobs cancel" }],
            ChangesCluster = true,
        });

    /// <summary>Most task rows <c>jobs show --tasks</c> returns (<c>kane organize --cluster</c> reads every task of its jobs for per-node progress).</summary>
    public const int MaxTaskRows = 10_000;

    /// <summary>How long a watch waits without news before it asks the job again (its entity may have moved).</summary>
    internal static readonly TimeSpan WatchRenewal = TimeSpan.FromSeconds(5);

    private static CommandArgument IdArgument => new("id", "A job id, as `kane jobs list` shows it.") { Mandatory = true, Positional = true };

    private static async Task<int> SubmitAsync(CommandContext c)
    {
        var (spec, error) = JobFile.Parse(c.Get("spec")!, c.Get("source")!);
        if (spec is null) throw new CommandUsageException(error!);
        JobAccepted accepted;
        try
        {
            accepted = await AskAsync(() => Agents(c).SubmitAsync(spec, cancellationToken: c.Cancelled), $"Job {spec.JobId}").ConfigureAwait(false);
        }
        catch (JobRejectedException e)
        {
            throw new CommandUsageException(e.Message);
        }
        if (c.Json) await c.WriteJsonAsync(ToJson(accepted)).ConfigureAwait(false);
        else await c.WriteLineAsync($"Job {accepted.JobId} accepted: {accepted.Tasks} tasks. Follow it with: kane jobs watch {accepted.JobId}").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ListAsync(CommandContext c)
    {
        var jobs = await AskAsync(() => Agents(c).ListJobsAsync(!c.GetFlag("running"), cancellationToken: c.Cancelled), "The cluster coordinator").ConfigureAwait(false);
        if (c.Json)
        {
            await c.WriteJsonAsync(new JsonObject { ["count"] = jobs.Count, ["jobs"] = new JsonArray([.. jobs.Select(ToJson)]) }).ConfigureAwait(false);
            return 0;
        }
        foreach (var j in jobs) await c.WriteLineAsync(JobText.Row(j)).ConfigureAwait(false);
        await c.WriteLineAsync($"Count: {jobs.Count} jobs").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ShowAsync(CommandContext c)
    {
        var id = JobId(c);
        var max = c.GetInt("max-tasks", 100);
        if (max is < 1 or > MaxTaskRows) throw new CommandUsageException($"--max-tasks must be between 1 and {MaxTaskRows}, not {max}.");
        var view = await AskAsync(() => Agents(c).GetJobAsync(id, c.GetFlag("tasks"), cancellationToken: c.Cancelled, maxTasks: max), $"Job {id}").ConfigureAwait(false)
            ?? throw NotFound(id);
        if (c.Json)
        {
            await c.WriteJsonAsync(ToJson(view)).ConfigureAwait(false);
            return 0;
        }
        foreach (var line in JobText.Describe(view)) await c.WriteLineAsync(line).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> CancelAsync(CommandContext c)
    {
        var id = JobId(c);
        var before = await AskAsync(() => Agents(c).GetJobAsync(id, cancellationToken: c.Cancelled), $"Job {id}").ConfigureAwait(false)
            ?? throw NotFound(id);
        if (before.IsFinished)
            throw new CommandUsageException($"Job {id} has already ended ({Kebab(before.Status)}): there is nothing to cancel.");
        var view = await AskAsync(() => Agents(c).CancelJobAsync(id, c.Get("reason")!, cancellationToken: c.Cancelled), $"Job {id}").ConfigureAwait(false)
            ?? throw NotFound(id);
        if (c.Json) await c.WriteJsonAsync(ToJson(view)).ConfigureAwait(false);
        else await c.WriteLineAsync($"Job {id} {Kebab(view.Status)}: {JobText.Progress(view.Progress)}").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> WatchAsync(CommandContext c)
    {
        var id = JobId(c);
        var kane = Agents(c);
        var inbox = c.CreateInbox<object>();
        string? last = null;
        try
        {
            kane.Jobs.Tell(new WatchJob(id), inbox.Ref);
            while (!c.Cancelled.IsCancellationRequested)
            {
                // Renewed after a quiet spell: a job whose entity moved to another node has forgotten its watchers.
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(c.Cancelled);
                quiet.CancelAfter(WatchRenewal);
                await foreach (var message in inbox.ReadAllAsync(quiet.Token).ConfigureAwait(false))
                {
                    if (message is JobNotFound)
                        throw NotFound(id);
                    if (message is not JobView view)
                        continue;
                    // A line only when what it shows changed (a renewed watch repeats the current view).
                    var line = JobText.WatchLine(view, DateTimeOffset.Now);
                    var shown = line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..];
                    if (shown == last)
                        continue;
                    last = shown;
                    if (c.Json) await c.WriteJsonAsync(ToJson(view)).ConfigureAwait(false);
                    else await c.WriteLineAsync(line).ConfigureAwait(false);
                    if (view.IsFinished)
                    {
                        if (!c.Json) await c.WriteLineAsync(JobText.Ending(view)).ConfigureAwait(false);
                        return view.Status == JobStatus.Completed ? 0 : 1;
                    }
                    quiet.CancelAfter(WatchRenewal);
                }
                if (!c.Cancelled.IsCancellationRequested) kane.Jobs.Tell(new WatchJob(id), inbox.Ref);
            }
        }
        catch (OperationCanceledException) when (c.Cancelled.IsCancellationRequested) { }
        finally
        {
            kane.Jobs.Tell(new UnwatchJob(id), inbox.Ref);
        }
        return 0;
    }

    private static string JobId(CommandContext c)
    {
        var id = c.Get("id")!;
        return new JobSpec(id, id, TaskPriority.Normal, []).Validate() is { } error
            ? throw new CommandUsageException($"'{id}' is not a job id: {error.Replace($"job id '{id}' ", "it ", StringComparison.Ordinal)}.")
            : id;
    }

    private static CommandUsageException NotFound(string id) => new($"No job '{id}': `kane jobs list` lists the jobs.");
}
