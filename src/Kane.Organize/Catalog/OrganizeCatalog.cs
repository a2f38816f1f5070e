using System.Globalization;
using Kane.Organize.Catalog.Internal;
using Kane.Organize.Scanning;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kane.Organize.Catalog;

/// <summary>
/// The files of one organize run and what each phase learnt about them: a SQLite database (normally
/// <c>DST/.kane/catalog.db</c>) in WAL mode with a busy timeout, so the handlers of every node process on the machine
/// and the run driver read and write it at once. Writes are batched, one transaction per call. It is what makes a
/// rerun resume (every handler skips what is already recorded) and what the plan, dry run and summary read.
/// Not thread-safe: one per task (<see cref="OpenShared"/> lends a connection this process already has open).
/// Writers of one path in one process take turns on a lock rather than through SQLite's sleeping busy handler.
/// </summary>
public sealed class OrganizeCatalog : IDisposable
{
    /// <summary>The catalog's file name; handlers refuse to open anything else.</summary>
    public const string FileName = "catalog.db";

    private const string Columns = "id, path, size, mtime, dev, ino, hash, dup_of, category, format, taken, camera, action, target, done, error";

    private readonly SqliteConnection _db;
    private readonly object _writeLock;
    private readonly bool _pooled;
    private bool _closed;
    private bool _lent;

    private OrganizeCatalog(SqliteConnection db, string path, bool pooled)
    {
        _db = db;
        Path = path;
        _pooled = pooled;
        _writeLock = CatalogPool.WriteLock(path);
    }

    public string Path { get; }

    /// <summary>Device and inode of the file this connection opened (a pooled connection serves only that file).</summary>
    internal (ulong Device, ulong Inode)? Identity { get; private set; }

    /// <summary>
    /// Like <see cref="Open"/>, but lends a connection to the same file that an earlier task of this process
    /// returned, and takes it back on <see cref="Dispose"/>: handlers open the catalog once per task, thousands of
    /// times a run.
    /// </summary>
    public static OrganizeCatalog OpenShared(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var catalog = CatalogPool.Take(full) ?? OpenConnection(full, pooled: true);
        catalog._lent = true;
        return catalog;
    }

    /// <summary>Closes the connections <see cref="OpenShared"/> keeps (the process's node stops).</summary>
    public static void CloseShared() => CatalogPool.Clear();

    /// <summary>Opens (creating if needed) the catalog at <paramref name="path"/>.</summary>
    public static OrganizeCatalog Open(string path) => OpenConnection(path, pooled: false);

    private static OrganizeCatalog OpenConnection(string path, bool pooled)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false, DefaultTimeout = 60 }.ToString());
        db.Open();
        var catalog = new OrganizeCatalog(db, full, pooled);
        catalog.Execute("PRAGMA busy_timeout = 60000");
        catalog.Execute("PRAGMA synchronous = NORMAL");
        // Pages of a 10^5-file catalog (~20 MB with its indexes) stay in the connection; reads map the file.
        catalog.Execute("PRAGMA cache_size = -65536");
        catalog.Execute("PRAGMA mmap_size = 268435456");
        catalog.Execute("PRAGMA temp_store = MEMORY");
        catalog.Identity = CatalogPool.Identity(full);
        // Every task opens the catalog: when the schema is there, touch nothing that takes the write lock (WAL mode
        // is a property of the file, set once), or concurrent openers queue behind each other's writers.
        using (var exists = catalog.Command("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'files', 'issues', 'ranges')"))
            if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 4)
                return catalog;
        lock (catalog._writeLock)
            catalog.CreateSchema();
        return catalog;
    }

    private void CreateSchema()
    {
        // Before the first table: the page size of a new file (an existing file keeps its own). A first scan commits
        // ~30 MB of rows and indexes into the WAL: in 64 KiB frames ~0.01 s per 150,000 files, in 4 KiB ones ~0.1 s,
        // on the scan's serial path; the hash and organize updates touch runs of neighbouring rows (ids follow
        // size), so larger frames cost them nothing measurable (docs/benchmarks.md, issue 9).
        Execute("PRAGMA page_size = 65536");
        Execute("PRAGMA journal_mode = WAL");
        Execute("""
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS files (
              id INTEGER PRIMARY KEY, path TEXT NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
              dev INTEGER NOT NULL, ino INTEGER NOT NULL, links INTEGER NOT NULL,
              hash TEXT, dup_of INTEGER,
              category TEXT, format TEXT, taken TEXT, camera TEXT,
              action TEXT, target TEXT, done INTEGER NOT NULL DEFAULT 0, error TEXT);
            """ + FileIndexes + """
            CREATE TABLE IF NOT EXISTS issues (path TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (path, kind));
            CREATE TABLE IF NOT EXISTS ranges (kind TEXT NOT NULL, low INTEGER NOT NULL, high INTEGER NOT NULL, files INTEGER NOT NULL, PRIMARY KEY (kind, low, high));
            """);
    }

    /// <summary>
    /// The indexes of <c>files</c>; the unique one on path is named (not a column constraint) so that the first scan of
    /// an empty catalog can build both after its rows instead of growing them row by row (<see cref="AddScan"/>).
    /// Catalogs made before keep their column constraint and always take the row-by-row path.
    /// </summary>
    private const string FileIndexes = """
        CREATE UNIQUE INDEX IF NOT EXISTS files_path ON files(path);
        CREATE INDEX IF NOT EXISTS files_size ON files(size);
        """;

    /// <summary>Fewest files for which a scan into an empty catalog builds the indexes after its rows.</summary>
    private const int BulkLoadFiles = 1000;

    public string? GetMeta(string key)
    {
        using var c = Command("SELECT value FROM meta WHERE key = $k", ("$k", key));
        return c.ExecuteScalar() as string;
    }

    public void SetMeta(string key, string value)
    {
        using var c = Command("INSERT INTO meta(key, value) VALUES($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("$k", key), ("$v", value));
        lock (_writeLock) c.ExecuteNonQuery();
    }

    /// <summary>Forgets every file and issue and the run's metadata: a new run starts.</summary>
    public void Reset()
    {
        lock (_writeLock) Execute("DELETE FROM files; DELETE FROM issues; DELETE FROM ranges; DELETE FROM meta;");
    }

    /// <summary>Records what a scan found (idempotent: a path seen again keeps its id and later columns).</summary>
    public void AddScan(IReadOnlyCollection<ScannedFile> files, IReadOnlyCollection<ScanIssue> issues)
    {
        // In size order (then path), new ids follow size: the rows of one size range (a hash or duplicate-check
        // task's) are neighbours in the table, so the task reads them in table order and its updates dirty a share of
        // the pages. In path order every size range was spread over the whole table, and each of those tasks rewrote
        // nearly every page of it into the WAL.
        var ordered = SizeThenPath(files);
        lock (_writeLock)
            AddScanLocked(ordered, issues);
    }

    private void AddScanLocked(ScannedFile[] files, IReadOnlyCollection<ScanIssue> issues)
    {
        // BEGIN IMMEDIATE (the provider's default): the emptiness seen below holds until the commit, in every process.
        using var tx = _db.BeginTransaction();
        // Bulk load: into an empty catalog (a run's first scan) the rows go in without the indexes, which are then
        // built from them in one sorted pass each, in the same transaction; 10^5 row-by-row inserts into a unique
        // index on path, in size order, cost more than the rows themselves. Other writers wait on the transaction and
        // find the indexes back. A path twice in one scan (overlapping sources) is kept once, the last as an upsert would.
        var bulk = files.Length >= BulkLoadFiles && Scalar("SELECT NOT EXISTS (SELECT 1 FROM files)", tx) == 1
            && Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('files_path', 'files_size')", tx) == 2;
        if (bulk)
        {
            files = LastPerPath(files);
            Execute("DROP INDEX files_path; DROP INDEX files_size;", tx);
        }
        // One prepared statement stepped through SQLite's own API: 10^5 rows per scan task, where the provider's
        // per-execution checks and by-name binding cost as much as the insert itself.
        var handle = _db.Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, bulk
            ? "INSERT INTO files(path, size, mtime, dev, ino, links) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
            : """
            INSERT INTO files(path, size, mtime, dev, ino, links) VALUES(?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, dev = excluded.dev, ino = excluded.ino, links = excluded.links
            """, out sqlite3_stmt statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            foreach (var f in files)
            {
                raw.sqlite3_bind_text(statement, 1, f.Path);
                raw.sqlite3_bind_int64(statement, 2, f.Size);
                raw.sqlite3_bind_int64(statement, 3, f.MtimeMs);
                raw.sqlite3_bind_int64(statement, 4, unchecked((long)f.Device));
                raw.sqlite3_bind_int64(statement, 5, unchecked((long)f.Inode));
                raw.sqlite3_bind_int64(statement, 6, unchecked((long)f.Links));
                rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
                raw.sqlite3_reset(statement);
            }
        }
        if (bulk) Execute(FileIndexes, tx);
        AddIssues(issues, tx);
        tx.Commit();
    }

    /// <summary>
    /// <paramref name="files"/> by size, then path (ordinal). The sizes are sorted as plain keys and only runs of one
    /// size compare paths: a comparison delegate over the records cost ~40 ms per 10^5 files, inside the catalog's
    /// write lock and on the scan's critical path.
    /// </summary>
    private static ScannedFile[] SizeThenPath(IReadOnlyCollection<ScannedFile> files)
    {
        var ordered = files.ToArray();
        var sizes = new long[ordered.Length];
        for (var i = 0; i < ordered.Length; i++) sizes[i] = ordered[i].Size;
        Array.Sort(sizes, ordered);
        for (int start = 0, end; start < ordered.Length; start = end)
        {
            for (end = start + 1; end < ordered.Length && sizes[end] == sizes[start]; end++) { }
            if (end - start > 1) Array.Sort(ordered, start, end - start, PathOrder.Instance);
        }
        return ordered;
    }

    private sealed class PathOrder : IComparer<ScannedFile>
    {
        public static readonly PathOrder Instance = new();

        public int Compare(ScannedFile? x, ScannedFile? y) => string.CompareOrdinal(x?.Path, y?.Path);
    }

    /// <summary><paramref name="files"/> (in order) without the earlier entries of a path that comes again.</summary>
    private static ScannedFile[] LastPerPath(ScannedFile[] files)
    {
        var seen = new HashSet<string>(files.Length, StringComparer.Ordinal);
        var keep = new bool[files.Length];
        var kept = 0;
        for (var i = files.Length - 1; i >= 0; i--)
            if (seen.Add(files[i].Path))
            {
                keep[i] = true;
                kept++;
            }
        if (kept == files.Length) return files;
        var result = new ScannedFile[kept];
        for (int i = 0, j = 0; i < files.Length; i++)
            if (keep[i]) result[j++] = files[i];
        return result;
    }

    private long Scalar(string sql, SqliteTransaction tx)
    {
        using var c = Command(sql, tx);
        return Convert.ToInt64(c.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void AddIssues(IReadOnlyCollection<ScanIssue> issues)
    {
        if (issues.Count == 0) return;
        lock (_writeLock)
        {
            using var tx = _db.BeginTransaction();
            AddIssues(issues, tx);
            tx.Commit();
        }
    }

    private void AddIssues(IReadOnlyCollection<ScanIssue> issues, SqliteTransaction tx)
    {
        if (issues.Count == 0) return;
        using var c = Command("INSERT OR REPLACE INTO issues(path, kind, reason) VALUES($p, $k, $r)", tx);
        var p = Param(c, "$p"); var k = Param(c, "$k"); var r = Param(c, "$r");
        foreach (var issue in issues)
        {
            p.Value = issue.Path; k.Value = issue.Kind; r.Value = issue.Reason;
            c.ExecuteNonQuery();
        }
    }

    public IReadOnlyList<ScanIssue> Issues()
    {
        using var c = Command("SELECT path, kind, reason FROM issues ORDER BY path, kind");
        using var r = c.ExecuteReader();
        var list = new List<ScanIssue>();
        while (r.Read()) list.Add(new ScanIssue(r.GetString(0), r.GetString(1), r.GetString(2)));
        return list;
    }

    /// <summary>Files of size <paramref name="low"/> to <paramref name="high"/> (inclusive), by size then path.</summary>
    public IReadOnlyList<CatalogFile> FilesBySize(long low, long high) =>
        Query("WHERE size BETWEEN $a AND $b ORDER BY size, path", ("$a", low), ("$b", high));

    /// <summary>Files of size <paramref name="low"/> to <paramref name="high"/> whose size at least one other file has, by size then path.</summary>
    public IReadOnlyList<CatalogFile> SharedSizeFiles(long low, long high) =>
        Query("WHERE size IN (SELECT size FROM files WHERE size BETWEEN $a AND $b AND size > 0 GROUP BY size HAVING COUNT(*) > 1) ORDER BY size, path", ("$a", low), ("$b", high));

    /// <summary>
    /// The files of size <paramref name="low"/> to <paramref name="high"/> whose size at least one other file has, by
    /// size: the columns the duplicate search reads (<see cref="SharedSizeFiles"/> gives whole rows).
    /// </summary>
    public IReadOnlyList<HashCandidate> HashCandidates(long low, long high)
    {
        var handle = _db.Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, """
            SELECT id, path, size, dev, ino FROM files
            WHERE size IN (SELECT size FROM files WHERE size BETWEEN ?1 AND ?2 AND size > 0 GROUP BY size HAVING COUNT(*) > 1)
            ORDER BY size
            """, out sqlite3_stmt statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(statement, 1, low), handle);
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(statement, 2, high), handle);
            var list = new List<HashCandidate>();
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                list.Add(new HashCandidate(raw.sqlite3_column_int64(statement, 0), Text(statement, 1)!, raw.sqlite3_column_int64(statement, 2),
                    unchecked((ulong)raw.sqlite3_column_int64(statement, 3)), unchecked((ulong)raw.sqlite3_column_int64(statement, 4))));
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
            return list;
        }
    }

    /// <summary>Files of size <paramref name="low"/> to <paramref name="high"/> that have a full hash, by size then path.</summary>
    public IReadOnlyList<CatalogFile> HashedFiles(long low, long high) =>
        Query("WHERE size BETWEEN $a AND $b AND hash IS NOT NULL ORDER BY size, path", ("$a", low), ("$b", high));

    /// <summary>Files with ids <paramref name="low"/> to <paramref name="high"/> (inclusive), by id.</summary>
    public IReadOnlyList<CatalogFile> FilesById(long low, long high) => Query("WHERE id BETWEEN $a AND $b ORDER BY id", ("$a", low), ("$b", high));

    public IReadOnlyList<CatalogFile> AllFiles() => Query("ORDER BY id");

    public CatalogFile? FindByPath(string path) => Query("WHERE path = $p", ("$p", path)) is [var f] ? f : null;

    /// <summary>True when a task of <paramref name="kind"/> (<c>hashed</c>, <c>checked</c>) recorded the size range as done.</summary>
    public bool SizeRangeFlag(string kind, long low, long high)
    {
        using var c = Command("SELECT COUNT(*) FROM ranges WHERE kind = $k AND low = $a AND high = $b", ("$k", Flag(kind)), ("$a", low), ("$b", high));
        return Convert.ToInt64(c.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Files in the size ranges recorded done by tasks of <paramref name="kind"/> (for progress).</summary>
    public long RangeFiles(string kind)
    {
        using var c = Command("SELECT COALESCE(SUM(files), 0) FROM ranges WHERE kind = $k", ("$k", Flag(kind)));
        return Convert.ToInt64(c.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Records full hashes (of the files that needed one) and, in the same transaction, the size range as hashed.</summary>
    public void SetHashes(long low, long high, long files, IReadOnlyCollection<(long Id, string Hash)> hashes) =>
        UpdateRange("hashed", low, high, files, "UPDATE files SET hash = $v WHERE id = $id", hashes.OrderBy(h => h.Id).Select(h => (h.Id, (object?)h.Hash)));

    /// <summary>Records which files are duplicates of which original and the size range as checked.</summary>
    public void SetDuplicates(long low, long high, long files, IReadOnlyCollection<(long Id, long DupOf)> duplicates) =>
        UpdateRange("checked", low, high, files, "UPDATE files SET dup_of = $v WHERE id = $id", duplicates.OrderBy(d => d.Id).Select(d => (d.Id, (object?)d.DupOf)));

    // One row per finished range, not a flag per file: marking 5,000 wide rows per task cost more than hashing them.
    // Rows are updated in id order: each table page is visited once, in order.
    private void UpdateRange(string kind, long low, long high, long files, string sql, IEnumerable<(long Id, object? Value)> rows)
    {
        lock (_writeLock)
            UpdateRangeLocked(kind, low, high, files, sql, rows);
    }

    private void UpdateRangeLocked(string kind, long low, long high, long files, string sql, IEnumerable<(long Id, object? Value)> rows)
    {
        using var tx = _db.BeginTransaction();
        StepRows(sql, rows.Select(r => (r.Id, r.Value, (object?)null)));
        using (var mark = Command("INSERT OR REPLACE INTO ranges(kind, low, high, files) VALUES($k, $a, $b, $n)", tx, ("$k", Flag(kind)), ("$a", low), ("$b", high), ("$n", files)))
            mark.ExecuteNonQuery();
        tx.Commit();
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (parameters <c>$id</c>, <c>$v</c> or <c>$a</c>, and <c>$b</c> if it has one) once per
    /// row, as one prepared statement stepped through SQLite's API inside the caller's transaction.
    /// </summary>
    private void StepRows(string sql, IEnumerable<(long Id, object? A, object? B)> rows)
    {
        var handle = _db.Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, sql, out sqlite3_stmt statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            var id = raw.sqlite3_bind_parameter_index(statement, "$id");
            var a = Math.Max(raw.sqlite3_bind_parameter_index(statement, "$a"), raw.sqlite3_bind_parameter_index(statement, "$v"));
            var b = raw.sqlite3_bind_parameter_index(statement, "$b");
            foreach (var row in rows)
            {
                raw.sqlite3_bind_int64(statement, id, row.Id);
                Bind(statement, a, row.A);
                if (b > 0) Bind(statement, b, row.B);
                rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
                raw.sqlite3_reset(statement);
            }
        }
    }

    private static void Bind(sqlite3_stmt statement, int index, object? value)
    {
        var rc = value switch
        {
            null => raw.sqlite3_bind_null(statement, index),
            long l => raw.sqlite3_bind_int64(statement, index, l),
            int i => raw.sqlite3_bind_int64(statement, index, i),
            string text => raw.sqlite3_bind_text(statement, index, text),
            _ => throw new ArgumentException($"cannot bind a {value.GetType().Name}", nameof(value)),
        };
        if (rc != raw.SQLITE_OK) throw new SqliteException($"binding parameter {index} failed ({rc})", rc);
    }

    /// <summary>Records categories (and formats).</summary>
    public void SetCategories(IReadOnlyCollection<(long Id, string Category, string Format)> rows) =>
        Update("UPDATE files SET category = $a, format = $b WHERE id = $id", rows.Select(r => (r.Id, (object?)r.Category, (object?)r.Format)));

    /// <summary>Records dates and camera models.</summary>
    public void SetMetadata(IReadOnlyCollection<(long Id, string Taken, string? Camera)> rows) =>
        Update("UPDATE files SET taken = $a, camera = $b WHERE id = $id", rows.Select(r => (r.Id, (object?)r.Taken, (object?)r.Camera)));

    /// <summary>Records the plan.</summary>
    public void SetPlan(IReadOnlyCollection<(long Id, string Action, string? Target)> rows) =>
        Update("UPDATE files SET action = $a, target = $b WHERE id = $id", rows.Select(r => (r.Id, (object?)r.Action, (object?)r.Target)));

    /// <summary>Records files whose action is done (or failed, with the error).</summary>
    public void SetDone(IReadOnlyCollection<(long Id, bool Done, string? Error)> rows) =>
        Update("UPDATE files SET done = $a, error = $b WHERE id = $id", rows.Select(r => (r.Id, (object?)(r.Done ? 1 : 0), (object?)r.Error)));

    /// <summary>Records a per-file error (the file is left alone).</summary>
    public void SetErrors(IReadOnlyCollection<(long Id, string Error)> rows) =>
        Update("UPDATE files SET error = $a WHERE id = $id", rows.Select(r => (r.Id, (object?)r.Error, (object?)null)));

    private void Update(string sql, IEnumerable<(long Id, object? A, object? B)> rows)
    {
        lock (_writeLock)
            UpdateLocked(sql, rows);
    }

    private void UpdateLocked(string sql, IEnumerable<(long Id, object? A, object? B)> rows)
    {
        using var tx = _db.BeginTransaction();
        StepRows(sql, rows);
        tx.Commit();
    }

    /// <summary>Size ranges covering every size shared by two files or more, each of about <paramref name="filesPerBatch"/> files (one size is never split).</summary>
    public IReadOnlyList<(long Low, long High)> SharedSizeBatches(int filesPerBatch)
    {
        using var c = Command("SELECT size, COUNT(*) FROM files WHERE size > 0 GROUP BY size HAVING COUNT(*) > 1 ORDER BY size");
        using var r = c.ExecuteReader();
        var groups = new List<(long Size, long Count)>();
        while (r.Read()) groups.Add((r.GetInt64(0), r.GetInt64(1)));
        return Batching.Ranges(groups, filesPerBatch);
    }

    /// <summary>Id ranges covering every file, about <paramref name="filesPerBatch"/> files each.</summary>
    public IReadOnlyList<(long Low, long High)> IdBatches(int filesPerBatch)
    {
        using var c = Command("SELECT id FROM files ORDER BY id");
        using var r = c.ExecuteReader();
        var ids = new List<(long, long)>();
        while (r.Read()) ids.Add((r.GetInt64(0), 1));
        return Batching.Ranges(ids, filesPerBatch);
    }

    public long Count(string where = "")
    {
        using var c = Command($"SELECT COUNT(*) FROM files {where}");
        return Convert.ToInt64(c.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Flag(string flag) => flag switch
    {
        "hashed" => "hashed",
        "checked" => "checked",
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, "not a phase flag"),
    };

    // Read through SQLite's API: a hash task reads 10^4 rows of 16 columns, where the provider's reader spent more
    // per row on its checks than SQLite on the query.
    private List<CatalogFile> Query(string tail, params (string Name, object Value)[] parameters)
    {
        var handle = _db.Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, $"SELECT {Columns} FROM files {tail}", out sqlite3_stmt statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            foreach (var (name, value) in parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, name);
                rc = value switch
                {
                    long l => raw.sqlite3_bind_int64(statement, index, l),
                    string text => raw.sqlite3_bind_text(statement, index, text),
                    _ => throw new ArgumentException($"cannot bind a {value.GetType().Name}", nameof(parameters)),
                };
                SqliteException.ThrowExceptionForRC(rc, handle);
            }
            var list = new List<CatalogFile>();
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                list.Add(new CatalogFile(raw.sqlite3_column_int64(statement, 0), Text(statement, 1)!, raw.sqlite3_column_int64(statement, 2),
                    raw.sqlite3_column_int64(statement, 3), unchecked((ulong)raw.sqlite3_column_int64(statement, 4)), unchecked((ulong)raw.sqlite3_column_int64(statement, 5)),
                    Text(statement, 6), raw.sqlite3_column_type(statement, 7) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(statement, 7),
                    Text(statement, 8), Text(statement, 9), Text(statement, 10), Text(statement, 11), Text(statement, 12), Text(statement, 13),
                    raw.sqlite3_column_int64(statement, 14) != 0, Text(statement, 15)));
            }
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
            return list;
        }
    }

    private static string? Text(sqlite3_stmt statement, int i) =>
        raw.sqlite3_column_type(statement, i) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(statement, i).utf8_to_string();

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var c = Command(sql, tx);
        c.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters) => Command(sql, null, parameters);

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object Value)[] parameters)
    {
        var c = _db.CreateCommand();
        c.CommandText = sql;
        c.Transaction = tx;
        foreach (var (name, value) in parameters) c.Parameters.AddWithValue(name, value);
        return c;
    }

    private static SqliteParameter Param(SqliteCommand c, string name)
    {
        var p = c.CreateParameter();
        p.ParameterName = name;
        c.Parameters.Add(p);
        return p;
    }

    /// <summary>Returns a shared catalog to this process's pool; closes any other.</summary>
    public void Dispose()
    {
        if (_closed) return;
        if (!_pooled) Close();
        else if (_lent)
        {
            _lent = false;
            CatalogPool.Return(this);
        }
    }

    internal void Close()
    {
        _closed = true;
        _db.Dispose();
    }
}
