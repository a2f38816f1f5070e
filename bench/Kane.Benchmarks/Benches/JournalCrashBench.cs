using Kane.Persistence.Sql.TortureWriter;

namespace Kane.Benchmarks.Benches;

/// <summary>The crash torture as a bench: a SQLite writer process SIGKILLed <c>--kills</c> times (default 20).</summary>
internal static class JournalCrashBench
{
    public static async Task<int> Run(string[] args)
    {
        var kills = BenchSupport.IntOption(args, "kills", 20);
        BenchSupport.Machine();
        Console.WriteLine("# durability: SQLite WAL + synchronous=FULL; the writer process is SIGKILLed, the machine is not");
        var dir = Directory.CreateTempSubdirectory("kane-journal-crash-").FullName;
        try
        {
            var seed = Environment.TickCount;
            var result = await TortureHarness.RunAsync("sqlite:" + Path.Combine(dir, "journal.db"), "torture", kills, seed, Console.WriteLine);
            foreach (var p in result.Problems) Console.WriteLine($"PROBLEM: {p}");
            Console.WriteLine($"# seed {seed}");
            Console.WriteLine($"journal-crash: kills={result.Kills} acked={result.Acked} recovered={result.Recovered} lost={result.Lost}");
            return result.Problems.Count == 0 && result.Lost == 0 ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
