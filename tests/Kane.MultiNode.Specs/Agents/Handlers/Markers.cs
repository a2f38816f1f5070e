using System.Globalization;
using System.Text;
using Kane.Actors;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>One line of a task's marker: the attempt that applied (or re-applied) the task's effect.</summary>
public sealed record MarkerLine(int Attempt, string AgentId, DateTime At)
{
    public string Node => RunLog.HomeNode(AgentId);
}

/// <summary>
/// A task's effect made visible: one marker file per task, created with <see cref="FileMode.CreateNew"/>. A second
/// application is an error (EEXIST, fatal), except where decision 0014 allows it: a re-dispatched attempt
/// (<see cref="TaskContext.PreviousAttempts"/> &gt; 0) may find the marker of an earlier attempt whose node died
/// before its result was journaled; it appends its own line and succeeds.
/// </summary>
public static class Markers
{
    public static void Apply(string directory, TaskContext c)
    {
        var path = PathOf(directory, c.JobId, c.Task.Id);
        var line = Encoding.UTF8.GetBytes(Format(c));
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            file.Write(line); // one write: a kill leaves the marker empty or whole
            return;
        }
        catch (IOException) when (File.Exists(path))
        {
            var existing = Read(path);
            // An empty marker is a create cut short by a kill: only an earlier attempt can have left it.
            var earlier = existing.Count == 0 || existing[0].Attempt < c.Attempt;
            if (c.PreviousAttempts > 0 && earlier)
            {
                File.AppendAllText(path, Format(c));
                return;
            }
            throw new TaskFailedException(TaskError.Fatal(ErrorCodes.EEXIST,
                $"task {c.Task.Id} applied twice: attempt {c.Attempt} (retry {c.Retry}, {c.PreviousAttempts} previous attempts) on {c.AgentId} " +
                $"found the marker of {string.Join("; ", existing)}"));
        }
    }

    /// <summary>The markers of <paramref name="jobId"/>: task id → lines, first application first.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<MarkerLine>> ReadJob(string directory, string jobId)
    {
        var result = new Dictionary<string, IReadOnlyList<MarkerLine>>(StringComparer.Ordinal);
        if (!Directory.Exists(directory)) return result;
        var prefix = jobId + "~";
        foreach (var file in Directory.EnumerateFiles(directory, prefix + "*.marker"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            result[Uri.UnescapeDataString(name[prefix.Length..])] = Read(file);
        }
        return result;
    }

    private static string PathOf(string directory, string jobId, string taskId) =>
        Path.Combine(directory, $"{jobId}~{Uri.EscapeDataString(taskId)}.marker");

    private static string Format(TaskContext c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.Attempt}\t{c.AgentId}\t{DateTime.UtcNow.Ticks}\n");

    private static List<MarkerLine> Read(string path) =>
        [.. File.ReadAllLines(path).Select(l => l.Split('\t')).Where(f => f.Length == 3)
            .Select(f => new MarkerLine(int.Parse(f[0], CultureInfo.InvariantCulture), f[1], new DateTime(long.Parse(f[2], CultureInfo.InvariantCulture), DateTimeKind.Utc)))];
}
