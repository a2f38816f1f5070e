using System.Diagnostics;
using Kane.Actor;
using Kane.Pattern;
using Kane.Persistence;
using Kane.Persistence.Journal;
using Kane.Persistence.Serialization;
using Kane.Persistence.Sql;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// Journal throughput of persistent actors (Persist, PersistAsync, PersistAll of 10; 1 and 100 actors) and recovery
/// of 100,000 events, on SQLite and on a throwaway PostgreSQL with fsync on; baseline: raw batched INSERTs of the
/// same rows (1,000 per transaction) through the same driver.
/// </summary>
internal static class JournalBench
{
    public sealed record Ev(long N, string Data);

    public static async Task<int> Run(string[] args)
    {
        var scale = BenchSupport.IntOption(args, "scale", 1);
        BenchSupport.Machine();
        if (Array.IndexOf(args, "--sqlite-recovery-only") >= 0) return await SqliteRecoveryOnly(BenchSupport.IntOption(args, "samples", 5));
        Console.WriteLine("# durability: SQLite WAL + synchronous=FULL; PostgreSQL fsync=on, synchronous_commit=on, full_page_writes=on (scripts/provision.sh --durable)");
        var pg = await Provision();
        var dir = Directory.CreateTempSubdirectory("kane-journal-bench-").FullName;
        try
        {
            var sqlite = await Store("sqlite", "sqlite:" + Path.Combine(dir, "journal.db"), scale,
                rows => RawSqlite(Path.Combine(dir, "raw.db"), rows));
            var postgres = await Store("pg", "postgres:" + pg.ConnectionString, scale, rows => RawPostgres(pg.ConnectionString, rows));
            Console.WriteLine($"journal: sqlite_persistall={BenchSupport.Fmt(sqlite.PersistAll)} pg_persistall={BenchSupport.Fmt(postgres.PersistAll)} " +
                $"sqlite_recovery={BenchSupport.Fmt(sqlite.Recovery)} pg_recovery={BenchSupport.Fmt(postgres.Recovery)} " +
                $"ratio_sqlite={BenchSupport.Fmt2(sqlite.PersistAll / sqlite.Raw)} ratio_pg={BenchSupport.Fmt2(postgres.PersistAll / postgres.Raw)}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
            Process.Start("scripts/provision.sh", ["stop", pg.DataDir])!.WaitForExit();
        }
    }

    private const int Samples = 5;

    /// <summary>
    /// Only the SQLite recovery of 100,000 events, <paramref name="samples"/> times on one system (each sample a new
    /// actor): the first sample is cold like the full run's single recovery, the later ones show the warm code.
    /// </summary>
    private static async Task<int> SqliteRecoveryOnly(int samples)
    {
        var dir = Directory.CreateTempSubdirectory("kane-journal-bench-").FullName;
        try
        {
            var registry = new EventSerializerRegistry().Register<Ev>("bench-ev");
            using var system = BenchSupport.NewSystem("journal-sqlite-recovery");
            SqlPersistence.Install(system, "sqlite:" + Path.Combine(dir, "journal.db"), registry);
            var journal = Persistence.Persistence.Get(system).JournalStore;
            var pid = "recovery";
            var history = Rows(registry, pid, 100_000, ids: 1);
            for (var i = 0; i < history.Count; i += 5000)
                await journal.WriteAsync([new AtomicWrite(pid, history.GetRange(i, Math.Min(5000, history.Count - i)))], default);
            var rates = new List<double>();
            for (var k = 0; k < samples; k++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                var allocated = GC.GetTotalAllocatedBytes();
                rates.Add(await Recovery(system, pid, history.Count));
                var cpuPerEvent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / history.Count;
                Console.WriteLine($"sqlite recovery sample {k + 1}: events={history.Count} {BenchSupport.Fmt(rates[^1])} events/s, " +
                    $"cpu {BenchSupport.Fmt2(cpuPerEvent)} us/event, {(GC.GetTotalAllocatedBytes() - allocated) / history.Count} B/event, " +
                    $"gc {GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}");
            }
            if (rates.Count > 0) Console.WriteLine($"sqlite recovery: first={BenchSupport.Fmt(rates[0])} median={BenchSupport.Fmt(BenchSupport.Median(rates))} max={BenchSupport.Fmt(rates.Max())}");
            // Where the time goes: the store's replay alone (rows handed to a counter), then with deserialization.
            foreach (var deserialize in samples > 0 ? new[] { false, true, false, true } : [])
            {
                long n = 0;
                var start = Stopwatch.GetTimestamp();
                await journal.ReplayAsync(pid, 1, long.MaxValue, long.MaxValue, row =>
                {
                    if (deserialize) registry.Deserialize(row.Manifest, row.SerializerId, row.Payload);
                    n++;
                }, default);
                Console.WriteLine($"sqlite store replay{(deserialize ? "+deserialize" : "")}: rows={n} {BenchSupport.Fmt(n / BenchSupport.Seconds(start))} rows/s");
            }
            await system.Terminate();
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed record Figures(double PersistAll, double Recovery, double Raw);

    private static async Task<Figures> Store(string name, string connectionString, int scale, Func<List<JournalRow>, Task<double>> raw)
    {
        var registry = new EventSerializerRegistry().Register<Ev>("bench-ev");
        using var system = BenchSupport.NewSystem("journal-" + name);
        SqlPersistence.Install(system, connectionString, registry);
        var run = Guid.NewGuid().ToString("N")[..6];
        foreach (var (mode, perActorOne, perActorHundred) in new[] { ("persist", 1000, 50), ("persistasync", 20_000, 300), ("persistall", 20_000, 500) })
        {
            foreach (var actors in new[] { 1, 100 })
            {
                var perActor = (actors == 1 ? perActorOne : perActorHundred) * scale;
                var rate = await Throughput(system, $"{run}-{mode}-{actors}", mode, actors, perActor);
                Console.WriteLine($"{name} {mode,-13} actors={actors,-3} events={actors * perActor,-7} {BenchSupport.Fmt(rate)} events/s");
            }
        }
        var journal = Persistence.Persistence.Get(system).JournalStore;
        // The ratio compares like with like on a noisy machine: Kane's PersistAll (100 actors) and the raw INSERTs
        // alternate, five samples each, and the medians are compared (the single run above is printed, not used).
        // Kane was warmed up by the runs above; the raw loop gets an untimed run of its own first.
        await raw(Rows(registry, $"{run}-raw-warmup", 5_000));
        var kaneSamples = new List<double>();
        var rawSamples = new List<double>();
        for (var k = 0; k < Samples; k++)
        {
            kaneSamples.Add(await Throughput(system, $"{run}-persistall-sample{k}", "persistall", 100, 500 * scale));
            var rows = Rows(registry, $"{run}-raw{k}", 100 * 500 * scale);
            rawSamples.Add(await raw(rows));
            Console.WriteLine($"{name} sample {k + 1}: persistall actors=100 {BenchSupport.Fmt(kaneSamples[^1])} events/s, raw-insert rows={rows.Count} batch=1000 {BenchSupport.Fmt(rawSamples[^1])} rows/s");
        }
        var persistAll100 = BenchSupport.Median(kaneSamples);
        var rawRate = BenchSupport.Median(rawSamples);
        Console.WriteLine($"{name} medians: persistall actors=100 {BenchSupport.Fmt(persistAll100)} events/s, raw-insert {BenchSupport.Fmt(rawRate)} rows/s");
        var recoveryPid = $"{run}-recovery";
        var history = Rows(registry, recoveryPid, 100_000, ids: 1);
        for (var i = 0; i < history.Count; i += 5000)
            await journal.WriteAsync([new AtomicWrite(recoveryPid, history.GetRange(i, Math.Min(5000, history.Count - i)))], default);
        var recovery = await Recovery(system, recoveryPid, history.Count);
        Console.WriteLine($"{name} recovery      events={history.Count} {BenchSupport.Fmt(recovery)} events/s");
        await system.Terminate();
        return new Figures(persistAll100, recovery, rawRate);
    }

    private static List<JournalRow> Rows(EventSerializerRegistry registry, string pid, int count, int ids = 100)
    {
        var rows = new List<JournalRow>(count);
        var writer = Guid.NewGuid().ToString("N");
        for (var i = 1; i <= count; i++)
        {
            var (manifest, id, payload) = registry.Serialize(new Ev(i, "payload-of-a-bench-event"));
            rows.Add(new JournalRow(ids == 1 ? pid : $"{pid}-{i % ids}", i, manifest, id, payload, writer, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), []));
        }
        return rows;
    }

    private static async Task<double> Throughput(ActorSystem system, string prefix, string mode, int actors, int perActor)
    {
        var done = new CountdownEvent(actors);
        var refs = Enumerable.Range(0, actors).Select(i => system.ActorOf(Props.Create(() => new Writer($"{prefix}-{i}", mode, perActor, done)))).ToList();
        foreach (var r in refs) await r.Ask<string>("ready", TimeSpan.FromSeconds(60));
        var start = Stopwatch.GetTimestamp();
        foreach (var r in refs) r.Tell("go", ActorRefs.NoSender);
        await Task.Run(() => done.Wait(TimeSpan.FromMinutes(5)));
        var seconds = BenchSupport.Seconds(start);
        foreach (var r in refs) r.Tell(PoisonPill.Instance, ActorRefs.NoSender);
        return actors * (double)perActor / seconds;
    }

    private static async Task<double> Recovery(ActorSystem system, string pid, int events)
    {
        var recovered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = Stopwatch.GetTimestamp();
        system.ActorOf(Props.Create(() => new Recoverer(pid, recovered)));
        var count = await recovered.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var seconds = BenchSupport.Seconds(start);
        if (count != events) throw new InvalidOperationException($"recovered {count} events, expected {events}");
        return events / seconds;
    }

    private static async Task<double> RawSqlite(string path, List<JournalRow> rows)
    {
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        c.Open();
        foreach (var sql in new[] { "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
            "CREATE TABLE IF NOT EXISTS journal (ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL, sequence_number INTEGER NOT NULL, created INTEGER NOT NULL, manifest TEXT NOT NULL, serializer_id INTEGER NOT NULL, payload BLOB NOT NULL, writer_uuid TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, UNIQUE (persistence_id, sequence_number))" })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
        using var insert = c.CreateCommand();
        insert.CommandText = "INSERT INTO journal (persistence_id, sequence_number, created, manifest, serializer_id, payload, writer_uuid) VALUES ($p, $s, $c, $m, $i, $b, $w)";
        var ps = new[] { ("$p", SqliteType.Text), ("$s", SqliteType.Integer), ("$c", SqliteType.Integer), ("$m", SqliteType.Text), ("$i", SqliteType.Integer), ("$b", SqliteType.Blob), ("$w", SqliteType.Text) }
            .Select(p => insert.Parameters.Add(p.Item1, p.Item2)).ToArray();
        insert.Prepare();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < rows.Count; i += 1000)
        {
            using var tx = c.BeginTransaction();
            insert.Transaction = tx;
            foreach (var r in rows.GetRange(i, Math.Min(1000, rows.Count - i)))
            {
                ps[0].Value = r.PersistenceId; ps[1].Value = r.SequenceNr; ps[2].Value = r.Timestamp; ps[3].Value = r.Manifest;
                ps[4].Value = r.SerializerId; ps[5].Value = r.Payload; ps[6].Value = r.WriterUuid;
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        return rows.Count / BenchSupport.Seconds(start);
    }

    private static async Task<double> RawPostgres(string connectionString, List<JournalRow> rows)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS raw_journal (LIKE journal INCLUDING ALL)", c)) await create.ExecuteNonQueryAsync();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < rows.Count; i += 1000)
        {
            var batch = rows.GetRange(i, Math.Min(1000, rows.Count - i));
            await using var tx = await c.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO raw_journal (persistence_id, sequence_number, created, manifest, serializer_id, payload, writer_uuid)
                SELECT * FROM unnest(@pid, @seq, @created, @manifest, @serializer, @payload, @writer)
                """, c, tx);
            insert.Parameters.Add(new NpgsqlParameter<string[]>("pid", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = [.. batch.Select(r => r.PersistenceId)] });
            insert.Parameters.Add(new NpgsqlParameter<long[]>("seq", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. batch.Select(r => r.SequenceNr)] });
            insert.Parameters.Add(new NpgsqlParameter<long[]>("created", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. batch.Select(r => r.Timestamp)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]>("manifest", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = [.. batch.Select(r => r.Manifest)] });
            insert.Parameters.Add(new NpgsqlParameter<int[]>("serializer", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. batch.Select(r => r.SerializerId)] });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]>("payload", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = [.. batch.Select(r => r.Payload)] });
            insert.Parameters.Add(new NpgsqlParameter<string[]>("writer", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = [.. batch.Select(r => r.WriterUuid)] });
            await insert.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        return rows.Count / BenchSupport.Seconds(start);
    }

    private sealed record Pg(string ConnectionString, string DataDir);

    private static async Task<Pg> Provision()
    {
        var info = new ProcessStartInfo("scripts/provision.sh", ["--durable"]) { RedirectStandardOutput = true };
        using var p = Process.Start(info) ?? throw new InvalidOperationException("cannot run scripts/provision.sh");
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        string Value(string key) => output.Split('\n').Single(l => l.StartsWith($"export {key}=", StringComparison.Ordinal)).Split('=', 2)[1].Trim('\'');
        if (p.ExitCode != 0) throw new InvalidOperationException("scripts/provision.sh --durable failed");
        return new Pg(Value("KANE_TEST_POSTGRES"), Value("KANE_TEST_PGDATA"));
    }

    private sealed class Writer : ReceivePersistentActor
    {
        private int _handled;

        public Writer(string id, string mode, int events, CountdownEvent done)
        {
            PersistenceId = id;
            void Handled(Ev _)
            {
                if (++_handled == events) done.Signal();
            }
            Command<string>(_ => Sender.Tell("ready"), s => s == "ready");
            Command<string>(_ =>
            {
                switch (mode)
                {
                    case "persist": Persist(new Ev(1, "payload-of-a-bench-event"), Next); break;
                    case "persistasync": for (var i = 0; i < events; i++) PersistAsync(new Ev(i, "payload-of-a-bench-event"), Handled); break;
                    default: PersistAll(Enumerable.Range(0, 10).Select(i => new Ev(i, "payload-of-a-bench-event")), NextBatch); break;
                }
            }, s => s == "go");
            void Next(Ev e)
            {
                Handled(e);
                if (_handled < events) Persist(new Ev(_handled, "payload-of-a-bench-event"), Next);
            }
            void NextBatch(Ev e)
            {
                Handled(e);
                if (_handled % 10 == 0 && _handled < events) PersistAll(Enumerable.Range(0, 10).Select(i => new Ev(i, "payload-of-a-bench-event")), NextBatch);
            }
        }

        public override string PersistenceId { get; }
    }

    private sealed class Recoverer : ReceivePersistentActor
    {
        public Recoverer(string id, TaskCompletionSource<long> recovered)
        {
            PersistenceId = id;
            long count = 0;
            Recover<Ev>(_ => count++);
            Recover<RecoveryCompleted>(_ => recovered.TrySetResult(count));
        }

        public override string PersistenceId { get; }
    }
}
