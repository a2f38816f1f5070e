using System.Diagnostics;
using Kane.Persistence.Journal;

namespace Kane.Persistence.Sql.TortureWriter;

/// <summary>What a torture run saw: acknowledged events, events in the journal at the end, and acknowledged events missing.</summary>
public sealed record TortureResult(int Kills, long Acked, long Recovered, long Lost, IReadOnlyList<string> Problems);

/// <summary>
/// Starts the writer process on a journal, SIGKILLs it at random moments, restarts it (it recovers and continues),
/// then checks that every event it acknowledged is in the journal, in order, without gap or duplicate.
/// </summary>
public static class TortureHarness
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>The writer's assembly, copied next to the harness's caller.</summary>
    public static string WriterPath => Path.Combine(AppContext.BaseDirectory, "Kane.Persistence.Sql.TortureWriter.dll");

    /// <param name="written">The writer persists with <see cref="JournalDurability.Written"/> (no fsync on SQLite): a SIGKILL must lose nothing either.</param>
    public static async Task<TortureResult> RunAsync(string connectionString, string persistenceId, int kills, int seed, Action<string>? log = null, bool written = false)
    {
        var random = new Random(seed);
        var problems = new List<string>();
        var acked = new HashSet<long>();
        for (var kill = 1; kill <= kills; kill++)
        {
            using var writer = Start(connectionString, persistenceId, written ? ["--written"] : []);
            var recovered = await ReadRecovered(writer);
            var highestAcked = acked.Count == 0 ? 0 : acked.Max();
            if (recovered < highestAcked) problems.Add($"run {kill}: recovered {recovered} events but {highestAcked} were acknowledged");
            var expected = recovered;
            var ackedThisRun = 0;
            var reading = Task.Run(async () =>
            {
                while (await writer.StandardOutput.ReadLineAsync() is { } line)
                {
                    // A line cut by the kill is not an acknowledgement the harness can rely on.
                    if (!long.TryParse(line, out var seq)) continue;
                    if (seq != ++expected) problems.Add($"run {kill}: acknowledged {seq} after {expected - 1}");
                    expected = seq;
                    lock (acked) acked.Add(seq);
                    Interlocked.Increment(ref ackedThisRun);
                }
            });
            var started = Stopwatch.StartNew();
            while (Volatile.Read(ref ackedThisRun) == 0 && started.Elapsed < s_timeout && !reading.IsCompleted) await Task.Delay(5);
            if (Volatile.Read(ref ackedThisRun) == 0) problems.Add($"run {kill}: no event acknowledged");
            await Task.Delay(random.Next(20, 600));
            writer.Kill();
            await writer.WaitForExitAsync();
            await reading;
            log?.Invoke($"kill {kill}: recovered {recovered}, acknowledged {ackedThisRun} more");
        }

        using (var check = Start(connectionString, persistenceId, "--recover-only"))
        {
            var recovered = await ReadRecovered(check);
            await check.WaitForExitAsync();
            if (check.ExitCode != 0) problems.Add($"the final recovery replayed a misplaced event (exit code {check.ExitCode})");
            log?.Invoke($"final recovery: {recovered} events");
        }

        var rows = await ReadJournal(connectionString, persistenceId);
        for (var i = 0; i < rows.Count; i++)
        {
            var (seq, ordering, beat) = rows[i];
            if (seq != i + 1) { problems.Add($"row {i}: sequence number {seq}, expected {i + 1} (a gap or a duplicate)"); break; }
            if (beat != seq) { problems.Add($"row {i}: event {beat} stored as {seq}"); break; }
            if (i > 0 && ordering <= rows[i - 1].Ordering) { problems.Add($"row {i}: ordering {ordering} not above the previous row's"); break; }
        }
        var lost = acked.LongCount(a => a > rows.Count);
        return new TortureResult(kills, acked.Count, rows.Count, lost, problems);
    }

    private static Process Start(string connectionString, string persistenceId, params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false };
        foreach (var a in new[] { WriterPath, connectionString, persistenceId }.Concat(extra)) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the torture writer");
    }

    private static async Task<long> ReadRecovered(Process writer)
    {
        using var cts = new CancellationTokenSource(s_timeout);
        var line = await writer.StandardOutput.ReadLineAsync(cts.Token);
        if (line is null || !line.StartsWith("recovered ", StringComparison.Ordinal))
        {
            if (!writer.HasExited) writer.Kill();
            throw new InvalidOperationException($"the torture writer did not report its recovery (first line: '{line}')");
        }
        return long.Parse(line["recovered ".Length..]);
    }

    private static async Task<List<(long Seq, long Ordering, long Beat)>> ReadJournal(string connectionString, string persistenceId)
    {
        var (journal, snapshots) = SqlPersistence.OpenStores(connectionString);
        var registry = TortureWriter.Registry();
        var rows = new List<(long, long, long)>();
        try
        {
            await journal.ReplayAsync(persistenceId, 1, long.MaxValue, long.MaxValue,
                r => rows.Add((r.SequenceNr, r.Ordering, ((Beat)registry.Deserialize(r.Manifest, r.SerializerId, r.Payload)).N)), default);
        }
        finally
        {
            await journal.DisposeAsync();
            await snapshots.DisposeAsync();
        }
        return rows;
    }
}
