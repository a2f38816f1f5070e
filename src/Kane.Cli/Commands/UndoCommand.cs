using System.CommandLine;
using Kane.Cli.Management;
using Kane.Cli.Organize;
using Kane.Organize.Moving;
using Kane.Organize.Run;

namespace Kane.Cli.Commands;

/// <summary>
/// <c>kane jobs undo JOB --into DST</c>: moves every file the organize job JOB moved back where it came from, and
/// recreates the duplicates it deleted, from the move journals in <c>DST/.kane/moves</c>. Runs on this machine (the
/// journals live with the files). Exit code 0 when everything was reversed, 1 when some operations could not be.
/// </summary>
internal static class UndoCommand
{
    public static Command Create(EndpointOptions endpoint, TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("JOB") { Description = "The organize job, as `kane organize` printed it at the end." };
        var into = new Option<string>("--into") { Description = "The target folder the job organised into (its .kane/moves holds the journals).", Required = true };
        var undo = new Command("undo", "Move every file an organize job moved back to where it came from (from its move journals in DST/.kane/moves).") { id, into };
        undo.SetAction(async (result, ct) =>
        {
            var moves = OrganizeOptions.DefaultStateDirectory(Path.GetFullPath(result.GetValue(into)!)) is var state ? Path.Combine(state, "moves") : "";
            var job = result.GetValue(id)!;
            var json = endpoint.WantsJson(result);
            try
            {
                var reports = await Task.Run(() => RunUndo.Run(moves, job, ct), ct).ConfigureAwait(false);
                var problems = reports.Sum(r => r.Report.Problems.Count);
                var exit = problems == 0 ? RemoteRun.Ok : RemoteRun.Failed;
                if (json)
                {
                    await output.WriteLineAsync(SummaryJson.Undo(job, reports, exit).ToJsonString()).ConfigureAwait(false);
                    return exit;
                }
                foreach (var (runId, r) in reports)
                {
                    await output.WriteLineAsync($"{runId}: {r.Restored} moved back, {r.AlreadyRestored} already back, {r.Recreated} duplicates recreated, {r.LinkedInPlace} links left in place, {r.Problems.Count} problems").ConfigureAwait(false);
                    foreach (var p in r.Problems)
                        await error.WriteLineAsync($"  {SummaryText.Quote(p.Entry.Request.Target)}: {p.Failure}: {p.Reason}").ConfigureAwait(false);
                }
                return exit;
            }
            catch (OperationCanceledException)
            {
                // Undo journals its own moves: what it did stays done, and running it again finishes the rest.
                const string message = "cancelled. Every file is at its organised place or back at its source; run the same command again to finish.";
                await error.WriteLineAsync("kane jobs undo: " + message).ConfigureAwait(false);
                if (json) await output.WriteLineAsync(SummaryJson.Stopped(SummaryJson.Cancelled, RemoteRun.Failed, message).ToJsonString()).ConfigureAwait(false);
                return RemoteRun.Failed;
            }
            catch (FileNotFoundException e)
            {
                await error.WriteLineAsync($"kane jobs undo: {e.Message}").ConfigureAwait(false);
                return RemoteRun.Usage;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                await error.WriteLineAsync($"kane jobs undo: {e.Message}").ConfigureAwait(false);
                return RemoteRun.Failed;
            }
        });
        return undo;
    }
}
