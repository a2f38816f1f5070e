using Npgsql;

namespace Kane.Persistence.Sql.Postgres;

/// <summary>A pooled PostgreSQL data source whose schema is brought to the current version on first use.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private static readonly string[][] s_migrations =
    [
        [
            """
            CREATE TABLE journal (
              ordering BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              persistence_id VARCHAR(255) NOT NULL,
              sequence_number BIGINT NOT NULL,
              created BIGINT NOT NULL,
              manifest VARCHAR(500) NOT NULL,
              serializer_id INTEGER NOT NULL,
              payload BYTEA NOT NULL,
              writer_uuid VARCHAR(128) NOT NULL,
              deleted BOOLEAN NOT NULL DEFAULT FALSE,
              UNIQUE (persistence_id, sequence_number))
            """,
            "CREATE TABLE tags (ordering_id BIGINT NOT NULL, tag VARCHAR(64) NOT NULL, persistence_id VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, PRIMARY KEY (ordering_id, tag))",
            "CREATE INDEX IF NOT EXISTS tags_tag_ordering ON tags (tag, ordering_id)",
            "CREATE INDEX IF NOT EXISTS tags_pid_seq ON tags (persistence_id, sequence_number)",
            """
            CREATE TABLE snapshot (
              persistence_id VARCHAR(255) NOT NULL,
              sequence_number BIGINT NOT NULL,
              created BIGINT NOT NULL,
              manifest VARCHAR(500) NOT NULL,
              serializer_id INTEGER NOT NULL,
              snapshot BYTEA NOT NULL,
              PRIMARY KEY (persistence_id, sequence_number))
            """,
        ],
    ];

    private readonly Lazy<Task> _migrated;

    public PostgresDatabase(string connectionString)
    {
        DataSource = NpgsqlDataSource.Create(connectionString);
        _migrated = new Lazy<Task>(MigrateAsync);
    }

    internal NpgsqlDataSource DataSource { get; }

    internal async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _migrated.Value.ConfigureAwait(false);
        return await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task MigrateAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
        // Serializes concurrent migrators (several nodes starting at once) for the rest of the transaction.
        await Execute(connection, tx, "SELECT pg_advisory_xact_lock(4242001)").ConfigureAwait(false);
        await Execute(connection, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)").ConfigureAwait(false);
        await using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, tx);
        var current = Convert.ToInt32(await read.ExecuteScalarAsync().ConfigureAwait(false));
        for (var v = current; v < s_migrations.Length; v++)
        {
            foreach (var sql in s_migrations[v]) await Execute(connection, tx, sql).ConfigureAwait(false);
            await Execute(connection, tx, $"INSERT INTO schema_version (version) VALUES ({v + 1})").ConfigureAwait(false);
        }
        await tx.CommitAsync().ConfigureAwait(false);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
