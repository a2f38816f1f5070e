using Microsoft.Data.Sqlite;

namespace Kane.Persistence.Sql.Sqlite;

/// <summary>Opens connections to one SQLite file with the settings every connection needs (WAL, busy timeout), and migrates it.</summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string path, TimeSpan busyTimeout)
    {
        BusyTimeout = busyTimeout;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds) }.ToString();
    }

    public TimeSpan BusyTimeout { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, $"PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds}");
        Execute(connection, "PRAGMA synchronous = FULL");
        return connection;
    }

    /// <summary>Switches the file to WAL and applies the migrations it lacks; safe when several processes start at once.</summary>
    public void Migrate()
    {
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL");
        using var tx = connection.BeginTransaction(deferred: false);
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", tx);
        using var read = connection.CreateCommand();
        read.Transaction = tx;
        read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var current = Convert.ToInt32(read.ExecuteScalar());
        for (var v = current; v < SqliteSchema.Migrations.Count; v++)
        {
            foreach (var sql in SqliteSchema.Migrations[v]) Execute(connection, sql, tx);
            Execute(connection, $"INSERT INTO schema_version (version) VALUES ({v + 1})", tx);
        }
        tx.Commit();
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
