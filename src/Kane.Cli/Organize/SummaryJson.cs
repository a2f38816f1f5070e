using System.Text;
using System.Text.Json.Nodes;
using Kane.Organize.Moving;
using Kane.Organize.Run;

namespace Kane.Cli.Organize;

/// <summary>
/// <c>kane organize --json</c> and <c>kane jobs undo --json</c>: one JSON object on stdout when the run ends, in the
/// camelCase the management commands' <c>--json</c> use. Lists are complete (the text summary shortens them); the
/// plan's lists are the summary's first <see cref="OrganizeSummary.ListLimit"/>.
/// </summary>
internal static class SummaryJson
{
    public const string Completed = "completed";
    public const string CompletedWithErrors = "completed-with-errors";
    public const string Cancelled = "cancelled";

    public static JsonObject Organize(OrganizeSummary s, OrganizeOptions options, IReadOnlyDictionary<string, IReadOnlyList<NodeActivity>> phaseNodes, int exitCode)
    {
        var json = new JsonObject
        {
            ["status"] = s.HasErrors ? CompletedWithErrors : Completed,
            ["exitCode"] = exitCode,
            ["job"] = s.JobId,
            ["dryRun"] = s.DryRun,
            ["sources"] = Strings(options.Sources),
            ["target"] = Text(options.Target),
            ["files"] = s.Files,
            ["bytes"] = s.Bytes,
            ["done"] = s.Done,
            ["categories"] = Counts(s.Categories),
            ["actions"] = Counts(s.Actions),
            ["duplicates"] = new JsonObject
            {
                ["groups"] = s.DuplicateGroups,
                ["files"] = s.DuplicateFiles,
                ["reclaimableBytes"] = s.ReclaimableBytes,
                ["reclaimedBytes"] = s.ReclaimedBytes,
            },
            ["errors"] = new JsonArray([.. s.Errors.Select(e => (JsonNode)new JsonObject { ["path"] = Text(e.Path), ["reason"] = Text(e.Reason) })]),
            ["leftAlone"] = new JsonArray([.. s.Notes.Select(n => (JsonNode)new JsonObject { ["path"] = Text(n.Path), ["kind"] = n.Kind, ["reason"] = Text(n.Reason) })]),
            ["nodes"] = Nodes(phaseNodes),
        };
        if (s.DryRun)
        {
            json["plan"] = new JsonObject
            {
                ["folders"] = Counts(s.Folders),
                ["moves"] = new JsonArray([.. s.Moves.Select(m => (JsonNode)new JsonObject { ["source"] = Text(m.Source), ["target"] = Text(m.Target) })]),
                ["groups"] = new JsonArray([.. s.Groups.Select(g => (JsonNode)new JsonObject { ["original"] = Text(g.Original), ["duplicates"] = Strings(g.Duplicates) })]),
            };
        }
        else if (s.Done > 0)
        {
            json["undo"] = $"kane jobs undo {s.JobId} --into {SummaryText.ShellQuote(options.Target)}";
        }
        return json;
    }

    /// <summary>A run that stopped before its summary (Ctrl-C): the status, the exit code and what to do next.</summary>
    public static JsonObject Stopped(string status, int exitCode, string message) =>
        new() { ["status"] = status, ["exitCode"] = exitCode, ["message"] = Text(message) };

    public static JsonObject Undo(string jobId, IReadOnlyList<(string RunId, UndoReport Report)> reports, int exitCode) => new()
    {
        ["status"] = exitCode == 0 ? Completed : CompletedWithErrors,
        ["exitCode"] = exitCode,
        ["job"] = jobId,
        ["restored"] = reports.Sum(r => r.Report.Restored),
        ["alreadyRestored"] = reports.Sum(r => r.Report.AlreadyRestored),
        ["recreated"] = reports.Sum(r => r.Report.Recreated),
        ["linkedInPlace"] = reports.Sum(r => r.Report.LinkedInPlace),
        ["problems"] = new JsonArray([.. reports.SelectMany(r => r.Report.Problems).Select(p => (JsonNode)new JsonObject
        {
            ["path"] = Text(p.Entry.Request.Target),
            ["failure"] = p.Failure.ToString(),
            ["reason"] = Text(p.Reason),
        })]),
        ["journals"] = new JsonArray([.. reports.Select(r => (JsonNode)new JsonObject
        {
            ["run"] = r.RunId,
            ["restored"] = r.Report.Restored,
            ["alreadyRestored"] = r.Report.AlreadyRestored,
            ["recreated"] = r.Report.Recreated,
            ["linkedInPlace"] = r.Report.LinkedInPlace,
            ["problems"] = r.Report.Problems.Count,
        })]),
    };

    /// <summary>Each node's tasks and files over the watched phases, summed.</summary>
    private static JsonArray Nodes(IReadOnlyDictionary<string, IReadOnlyList<NodeActivity>> phaseNodes) =>
        new([.. phaseNodes.Values.SelectMany(n => n).GroupBy(n => n.Node, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (JsonNode)new JsonObject
            {
                ["node"] = g.Key,
                ["tasks"] = g.Sum(n => n.Done),
                ["failedTasks"] = g.Sum(n => n.Failed),
                ["fileSteps"] = g.Sum(n => n.Files),
            })]);

    /// <summary>Keys made equal by <see cref="Text"/> (two names differing only in invalid bytes) are added up.</summary>
    private static JsonObject Counts(IReadOnlyDictionary<string, long> counts) =>
        new([.. counts.GroupBy(kv => Text(kv.Key), StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Sum(kv => kv.Value)))]);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)Text(v))]);

    /// <summary>
    /// A string JSON can carry: a name that is not valid UTF-8 reaches .NET with lone surrogates, which a JSON writer
    /// refuses; they become U+FFFD, as in the text summary's terminal output.
    /// </summary>
    internal static string Text(string value)
    {
        var span = value.AsSpan();
        for (var i = 0; i < span.Length; i++)
        {
            if (!char.IsSurrogate(span[i])) continue;
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
                continue;
            }
            var builder = new StringBuilder(value.Length);
            foreach (var rune in value.EnumerateRunes()) builder.Append(rune.ToString());
            return builder.ToString();
        }
        return value;
    }
}
