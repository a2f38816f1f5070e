using System.Globalization;
using Kane.Actors;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>One line of a <see cref="RunLog"/>: a handler run started or ended.</summary>
/// <param name="Kind">start, ok, failed or cancelled.</param>
/// <param name="Node">The agent's home node (host:port).</param>
public sealed record RunRecord(string Kind, string JobId, string TaskId, int Attempt, int Retry, int PreviousAttempts, string AgentId, string Node,
    DateTime At, string Detail);

/// <summary>
/// Every handler run of one node process, appended line by line (flushed each time, so a SIGKILL loses at most the
/// line being written) to <c>runs-NAME.log</c> in the spec's shared directory; <see cref="ReadAll"/> merges every
/// process's file, so the driving node sees what ran where.
/// </summary>
public sealed class RunLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    public RunLog(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        _writer = new StreamWriter(new FileStream(Path.Combine(directory, $"runs-{name}.log"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public void Write(string kind, TaskContext c, string detail = "")
    {
        var line = string.Join('\t', kind, c.JobId, c.Task.Id, c.Attempt.ToString(CultureInfo.InvariantCulture), c.Retry.ToString(CultureInfo.InvariantCulture),
            c.PreviousAttempts.ToString(CultureInfo.InvariantCulture), c.AgentId, DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture),
            detail.Replace('\t', ' ').Replace('\n', ' '));
        lock (_lock) _writer.WriteLine(line);
    }

    /// <summary>Every complete line of every process's log in <paramref name="directory"/>, in time order.</summary>
    public static IReadOnlyList<RunRecord> ReadAll(string directory)
    {
        var records = new List<RunRecord>();
        foreach (var file in Directory.EnumerateFiles(directory, "runs-*.log"))
        {
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            while (reader.ReadLine() is { } line)
            {
                var f = line.Split('\t');
                if (f.Length != 9 || !long.TryParse(f[7], CultureInfo.InvariantCulture, out var ticks)) continue; // cut by a kill
                records.Add(new RunRecord(f[0], f[1], f[2], int.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture),
                    int.Parse(f[5], CultureInfo.InvariantCulture), f[6], HomeNode(f[6]), new DateTime(ticks, DateTimeKind.Utc), f[8]));
            }
        }
        return [.. records.OrderBy(r => r.At)];
    }

    /// <summary>host:port of an agent id <c>{host:port}/{n}</c>.</summary>
    public static string HomeNode(string agentId) => Kane.Actors.Internal.AgentMessageExtractor.HomeNode(agentId);

    public void Dispose()
    {
        lock (_lock) _writer.Dispose();
    }
}
