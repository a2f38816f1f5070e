using System.Globalization;
using Kane.Organize.Run;
using Spectre.Console;

namespace Kane.Cli.Organize;

/// <summary>The end-of-run report: a Spectre table on a terminal, plain aligned lines otherwise.</summary>
internal static class SummaryText
{
    public const int MaxErrors = 50;

    public static IEnumerable<string> Plain(OrganizeSummary s)
    {
        yield return s.DryRun ? $"Plan (dry run, nothing changed) for {s.Files:N0} files, {ProgressText.Bytes(s.Bytes)}:" : $"Organised {s.Files:N0} files, {ProgressText.Bytes(s.Bytes)} (job {s.JobId}):";
        foreach (var (category, count) in s.Categories) yield return $"  {category,-12} {count,10:N0}";
        foreach (var (action, count) in s.Actions) yield return $"  {action,-16} {count,10:N0} files";
        yield return $"  duplicates: {s.DuplicateGroups:N0} groups, {s.DuplicateFiles:N0} files, {ProgressText.Bytes(s.ReclaimableBytes)} reclaimable, {ProgressText.Bytes(s.ReclaimedBytes)} reclaimed";
        foreach (var line in Details(s)) yield return line;
    }

    /// <summary>The plan's lists (dry run), what was left alone, and the errors.</summary>
    public static IEnumerable<string> Details(OrganizeSummary s)
    {
        if (s.DryRun)
        {
            yield return "Target folders:";
            foreach (var (folder, count) in s.Folders) yield return $"  {count,8:N0}  {folder}";
            yield return $"First moves (of {s.Moves.Count}{(s.Moves.Count == OrganizeSummary.ListLimit ? "+" : "")}):";
            foreach (var (source, target) in s.Moves) yield return $"  {Quote(source)} -> {Quote(target)}";
            if (s.Groups.Count > 0) yield return "Duplicate groups (original first):";
            foreach (var (original, duplicates) in s.Groups) yield return $"  {Quote(original)} = {string.Join(", ", duplicates.Select(Quote))}";
        }
        if (s.Notes.Count > 0)
            yield return $"Left alone: {string.Join(", ", s.Notes.GroupBy(n => n.Kind).Select(g => $"{g.Count()} {g.Key}{(g.Count() == 1 ? "" : "s")}"))}";
        if (s.Errors.Count > 0)
        {
            yield return $"Errors ({s.Errors.Count}):";
            foreach (var (path, reason) in s.Errors.Take(MaxErrors)) yield return $"  {Quote(path)}: {reason}";
            if (s.Errors.Count > MaxErrors) yield return $"  ... and {s.Errors.Count - MaxErrors} more";
        }
    }

    public static void Render(IAnsiConsole console, OrganizeSummary s)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(s.DryRun ? "[bold]Plan (dry run: nothing changed)[/]" : "[bold]Organised[/]");
        table.AddColumn("");
        table.AddColumn(new TableColumn("files").RightAligned());
        foreach (var (category, count) in s.Categories) table.AddRow(Markup.Escape(category), count.ToString("N0", CultureInfo.InvariantCulture));
        table.AddEmptyRow();
        foreach (var (action, count) in s.Actions) table.AddRow(Markup.Escape(action), count.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("duplicate groups", s.DuplicateGroups.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("bytes reclaimable", ProgressText.Bytes(s.ReclaimableBytes));
        table.AddRow("bytes reclaimed", ProgressText.Bytes(s.ReclaimedBytes));
        table.AddRow("errors", s.Errors.Count.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(table);
        foreach (var line in Details(s)) console.MarkupLine(Markup.Escape(line));
    }

    /// <summary>
    /// Each node's share of the run: tasks finished and their file steps (a file scanned, hashed and moved counts once
    /// per step), over the phases this command watched.
    /// </summary>
    public static IEnumerable<string> NodeTotals(IReadOnlyDictionary<string, IReadOnlyList<NodeActivity>> phases)
    {
        var nodes = phases.Values.SelectMany(n => n).GroupBy(n => n.Node, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (nodes.Count == 0) yield break;
        yield return "Per node (tasks finished, file steps: a file scanned, hashed and moved is three):";
        foreach (var g in nodes)
        {
            var failed = g.Sum(n => n.Failed);
            yield return string.Create(CultureInfo.InvariantCulture, $"  {g.Key}: {g.Sum(n => n.Done)} tasks{(failed > 0 ? $" ({failed} failed)" : "")}, {g.Sum(n => n.Files):N0} file steps");
        }
    }

    /// <summary>
    /// <paramref name="path"/> as one shell word, for a command line a person copies: as is when it holds only
    /// characters no shell treats specially, in single quotes otherwise, and as <c>$'...'</c> with <c>\xNN</c> escapes
    /// when it holds control characters (a newline, a tab).
    /// </summary>
    public static string ShellQuote(string path)
    {
        if (path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+,:@%=".Contains(c, StringComparison.Ordinal)))
            return path;
        if (!path.Any(char.IsControl)) return "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        return "$'" + string.Concat(path.Select(c => c switch
        {
            '\\' => "\\\\",
            '\'' => "\\'",
            _ when char.IsControl(c) => $"\\x{(int)c:x2}",
            _ => c.ToString(),
        })) + "'";
    }

    /// <summary>A path that a person can copy: control characters (a newline in a name) are escaped.</summary>
    public static string Quote(string path) =>
        path.Any(char.IsControl) ? "'" + string.Concat(path.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString())) + "'" : path;
}
