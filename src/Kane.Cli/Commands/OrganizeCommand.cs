using System.CommandLine;
using System.Globalization;
using Kane.Cli.Management;
using Kane.Cli.Organize;
using Kane.Cmd;
using Kane.Organize.Planning;
using Kane.Organize.Run;
using Spectre.Console;

namespace Kane.Cli.Commands;

/// <summary>
/// <c>kane organize SRC [SRC...] --into DST</c>: organises on an embedded single-node cluster (SQLite journal in
/// <c>DST/.kane/</c> unless <c>--journal</c>), or on a running cluster with <c>--cluster HOST:PORT</c>. Exit codes:
/// 0 every file handled, 1 some files had errors (or the run was cancelled), 2 bad usage (nothing changed).
/// </summary>
internal static class OrganizeCommand
{
    public static Command Create(EndpointOptions endpoint, TextWriter output, TextWriter error)
    {
        var sources = new Argument<string[]>("SRC") { Description = "Folders to organise.", Arity = ArgumentArity.OneOrMore };
        var into = new Option<string>("--into") { Description = "The target folder (created if missing; a target inside a source is left out of the scan).", Required = true };
        var layout = new Option<string>("--layout")
        {
            Description = "Target layout; tokens {category} {yyyy} {MM} {dd} {camera} {name} {ext} {sizeclass}.",
            DefaultValueFactory = _ => Kane.Organize.Layout.LayoutTemplate.DefaultText,
        };
        var duplicates = new Option<string>("--duplicates") { Description = "What happens to duplicates: move (to DST/duplicates/), skip, delete (needs --yes) or link.", DefaultValueFactory = _ => "move" };
        duplicates.AcceptOnlyFromAmong("move", "skip", "delete", "link");
        var paranoid = new Option<bool>("--paranoid") { Description = "Confirm every duplicate byte by byte, not only by its 128-bit hash." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan (files per target folder, the first moves, duplicates) and change nothing." };
        var cluster = new Option<string?>("--cluster") { Description = "HOST:PORT of a node's management endpoint: run on that cluster instead of an embedded node." };
        var journal = new Option<string?>("--journal") { Description = "Journal of the embedded node: sqlite:PATH or postgres:CONNSTRING (default sqlite:DST/.kane/journal.db)." };
        var yes = new Option<bool>("--yes") { Description = "Confirm --duplicates delete." };
        var command = new Command("organize", "Sort every file of SRC into DST by category and date, separating duplicates; resumable, undoable (kane jobs undo).")
        {
            sources, into, layout, duplicates, paranoid, dryRun, cluster, journal, yes,
        };
        command.SetAction(async (result, ct) =>
        {
            DuplicatePolicies.TryParse(result.GetValue(duplicates), out var policy);
            var options = new OrganizeOptions(result.GetValue(sources)!, result.GetValue(into)!)
            {
                Layout = result.GetValue(layout)!,
                Duplicates = policy,
                Paranoid = result.GetValue(paranoid),
                DryRun = result.GetValue(dryRun),
            };
            return await RunAsync(options, result.GetValue(yes), result.GetValue(cluster), result.GetValue(journal), endpoint.TokenOf(result), endpoint.WantsJson(result), output, error, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(OrganizeOptions options, bool yes, string? cluster, string? journal, string? token, bool json,
        TextWriter output, TextWriter error, CancellationToken ct)
    {
        DryRunState? dryState = null;
        try
        {
            options = OrganizeValidation.Check(options, yes);
            if (options.DryRun)
            {
                // A dry run keeps its catalog and journal out of SRC and DST.
                dryState = DryRunState.Create();
                options = OrganizeValidation.Check(options with { StateDirectory = Path.Combine(dryState.Path, ".kane") }, yes);
            }
            if (cluster is not null && journal is not null)
                throw new OrganizeUsageException("--journal configures the embedded node; with --cluster the cluster's nodes use their own journal");
            if (journal is not null && !IsJournal(journal))
                throw new OrganizeUsageException($"--journal needs sqlite:PATH or postgres:CONNSTRING, not '{journal}'");
            var client = cluster is null ? null : ClusterClient(cluster, token);
            // The embedded node's journal goes in DST/.kane: a target that cannot be made is bad usage, found first.
            if (client is null && !options.DryRun) CreateStateDirectory(options);
            await using var node = client is null ? await StartEmbeddedAsync(journal ?? "sqlite:" + Path.Combine(options.StateDirectory, "journal.db"), ct).ConfigureAwait(false) : null;
            IJobGateway gateway = node is not null ? new KaneAgentsGateway(node.Agents) : new RemoteJobGateway(client!);
            // Before DST or its catalog exist: a cluster that does not answer, or has no agent to run the tasks, is
            // reported with nothing created.
            if (client is not null && (await gateway.ListAgentsAsync(ct).ConfigureAwait(false)).Count == 0)
                throw new InvalidOperationException($"the cluster at {cluster} has no agents to run the organize tasks: start a Kane.Node (README, \"Running a cluster of agents\")");
            if (client is not null && !options.DryRun) CreateStateDirectory(options);
            var run = new OrganizeRun(options with
            {
                AdoptRunningJobs = client is not null,
                MaxSpecBytes = client is not null ? RemoteJobGateway.MaxSpecBytes : long.MaxValue,
            }, gateway);
            // With --json, stdout carries only the summary object; the progress lines go to stderr for a person watching.
            var summary = await WithProgressAsync(run, json ? error : output, ct).ConfigureAwait(false);
            var exit = summary.HasErrors ? RemoteRun.Failed : RemoteRun.Ok;
            if (json)
            {
                await output.WriteLineAsync(SummaryJson.Organize(summary, options, run.PhaseNodes, exit).ToJsonString()).ConfigureAwait(false);
                return exit;
            }
            if (Live(output) is { } console) SummaryText.Render(console, summary);
            else foreach (var line in SummaryText.Plain(summary)) await output.WriteLineAsync(line).ConfigureAwait(false);
            foreach (var line in SummaryText.NodeTotals(run.PhaseNodes)) await output.WriteLineAsync(line).ConfigureAwait(false);
            if (!options.DryRun && summary.Done > 0)
                await output.WriteLineAsync($"Undo with: kane jobs undo {summary.JobId} --into {SummaryText.ShellQuote(options.Target)}").ConfigureAwait(false);
            return exit;
        }
        catch (OrganizeUsageException e)
        {
            await error.WriteLineAsync($"kane organize: {e.Message}").ConfigureAwait(false);
            return RemoteRun.Usage;
        }
        catch (OperationCanceledException)
        {
            var message = options.DryRun
                ? "cancelled. A dry run changes nothing in SRC or DST."
                : "cancelled. Every file is at its source or its target; run the same command again to resume.";
            await error.WriteLineAsync("kane organize: " + message).ConfigureAwait(false);
            if (json) await output.WriteLineAsync(SummaryJson.Stopped(SummaryJson.Cancelled, RemoteRun.Failed, message).ToJsonString()).ConfigureAwait(false);
            return RemoteRun.Failed;
        }
        catch (Exception e) when (e is CmdUnreachableException or CmdProtocolException or InvalidOperationException or TimeoutException or Actors.JobRejectedException
            or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"kane organize: {e.Message}").ConfigureAwait(false);
            return RemoteRun.Failed;
        }
        finally
        {
            dryState?.Dispose();
        }
    }

    /// <summary>Makes <c>DST/.kane</c> (and DST); a folder that cannot be made is a usage error, before any work.</summary>
    private static void CreateStateDirectory(OrganizeOptions options)
    {
        try
        {
            Directory.CreateDirectory(options.StateDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OrganizeUsageException($"cannot create the target folder {options.Target} ({e.Message}); choose a folder you can write to");
        }
    }

    private static bool IsJournal(string journal) =>
        (journal.StartsWith("sqlite:", StringComparison.Ordinal) && journal.Length > "sqlite:".Length)
        || (journal.StartsWith("postgres:", StringComparison.Ordinal) && journal.Length > "postgres:".Length);

    /// <summary>The embedded node; a journal it cannot open (a malformed or unreachable database) is one line, not a stack trace.</summary>
    private static async Task<EmbeddedCluster> StartEmbeddedAsync(string journal, CancellationToken ct)
    {
        try
        {
            // The command owns the process's signals (Program: SIGTERM and SIGHUP cancel like Ctrl-C) and stops the
            // node itself. With the runtime's own SIGTERM hook the node shut down under the run, whose cancel of its
            // job then waited a minute for an answer that could not come.
            return await EmbeddedCluster.StartAsync(journal, extraConfig: "kane.coordinated-shutdown.run-by-clr-shutdown-hook = off", cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not TimeoutException)
        {
            throw new InvalidOperationException($"the embedded Kane node could not start with the journal {journal}: {e.Message}", e);
        }
    }

    private static KaneCmdClient ClusterClient(string cluster, string? token)
    {
        var colon = cluster.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(cluster[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw new OrganizeUsageException($"--cluster needs HOST:PORT of a node's management endpoint, not '{cluster}'");
        return new KaneCmdClient(cluster[..colon], port, token);
    }

    private static async Task<OrganizeSummary> WithProgressAsync(OrganizeRun run, TextWriter output, CancellationToken ct)
    {
        RunProgress? latest = null;
        var task = run.RunAsync(new Sync(p => Volatile.Write(ref latest, p)), ct);
        if (Live(output) is { } console)
        {
            await console.Live(new Markup("starting")).StartAsync(async ctx =>
            {
                while (!task.IsCompleted)
                {
                    await Task.WhenAny(task, Task.Delay(250, CancellationToken.None)).ConfigureAwait(false);
                    if (Volatile.Read(ref latest) is { } p)
                    {
                        ctx.UpdateTarget(Display(p));
                        ctx.Refresh();
                    }
                }
            }).ConfigureAwait(false);
        }
        else
        {
            string? lastPhase = null;
            var lastLine = DateTime.MinValue;
            while (!task.IsCompleted)
            {
                await Task.WhenAny(task, Task.Delay(250, CancellationToken.None)).ConfigureAwait(false);
                if (Volatile.Read(ref latest) is { } p && (p.Phase != lastPhase || DateTime.UtcNow - lastLine > TimeSpan.FromSeconds(5)))
                {
                    lastPhase = p.Phase;
                    lastLine = DateTime.UtcNow;
                    await output.WriteLineAsync(ProgressText.Line(p)).ConfigureAwait(false);
                    foreach (var n in p.Nodes) await output.WriteLineAsync(ProgressText.NodeLine(n)).ConfigureAwait(false);
                }
            }
        }
        return await task.ConfigureAwait(false);
    }

    /// <summary>The live display: the run's line, then a row per node (its tasks in flight last, where a narrow terminal wraps them).</summary>
    private static Rows Display(RunProgress p)
    {
        var nodes = new Table().Border(TableBorder.Simple);
        nodes.AddColumn(new TableColumn("node").NoWrap());
        foreach (var column in new[] { "agents busy", "done", "failed", "files", "files/s" }) nodes.AddColumn(new TableColumn(column).RightAligned().NoWrap());
        nodes.AddColumn(new TableColumn("tasks in flight"));
        foreach (var n in p.Nodes)
        {
            nodes.AddRow(Markup.Escape(n.Node), $"{n.BusyAgents}/{n.Agents}", n.Done.ToString("N0", CultureInfo.InvariantCulture), n.Failed.ToString("N0", CultureInfo.InvariantCulture),
                n.Files.ToString("N0", CultureInfo.InvariantCulture), n.FilesPerSecond.ToString("N0", CultureInfo.InvariantCulture), Markup.Escape(ProgressText.InFlight(n)));
        }
        return new Rows(new Markup(Markup.Escape(ProgressText.Line(p))), nodes);
    }

    /// <summary>A Spectre console when the output is this process's terminal; null for pipes, files and tests.</summary>
    private static IAnsiConsole? Live(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiConsole.Console : null;

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to a context the CLI does not have).</summary>
    private sealed class Sync(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
