using System.Data.Common;
using Kane.Persistence.Sql.Sqlite;
using Npgsql;

namespace Kane.Persistence.Sql;

/// <summary>
/// A named lease in a <c>kane_lease</c> row (name, owner, heartbeat, expiry) that one owner at a time can hold, on
/// SQLite (<c>sqlite:PATH</c>) or PostgreSQL (<c>postgres:CONNSTRING</c>). Taking it is a single conditional upsert,
/// so two owners asking at once cannot both win. Times come from the callers' clocks: keep node clocks within a
/// small fraction of <see cref="ReleaseAfter"/> of each other.
/// </summary>
public sealed class SqlLease : IAsyncDisposable
{
    private const string CreateTable =
        "CREATE TABLE IF NOT EXISTS kane_lease (name VARCHAR(255) NOT NULL PRIMARY KEY, owner VARCHAR(512) NOT NULL, heartbeat_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)";

    // Free (no row), expired, or already ours: the row becomes ours until now + release-after. Otherwise nothing
    // changes and no row is counted. SQLite and PostgreSQL share this statement.
    private const string Acquire = """
        INSERT INTO kane_lease (name, owner, heartbeat_at, expires_at) VALUES (@name, @owner, @now, @expires)
        ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
        WHERE kane_lease.owner = excluded.owner OR kane_lease.expires_at <= excluded.heartbeat_at
        """;

    private const string Release = "DELETE FROM kane_lease WHERE name = @name AND owner = @owner";

    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly Func<DbConnection, Task> _createSchema;
    private readonly IAsyncDisposable? _resources;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    private SqlLease(string name, TimeSpan releaseAfter, TimeProvider time, Func<CancellationToken, Task<DbConnection>> open,
        Func<DbConnection, Task> createSchema, IAsyncDisposable? resources)
    {
        Name = name;
        ReleaseAfter = releaseAfter;
        _time = time;
        _open = open;
        _createSchema = createSchema;
        _resources = resources;
    }

    /// <summary>The lease's row key; every contender for one lease uses the same name.</summary>
    public string Name { get; }

    /// <summary>How long a taken or renewed lease stays held without another renewal.</summary>
    public TimeSpan ReleaseAfter { get; }

    /// <summary>Opens the lease <paramref name="name"/> in the database <paramref name="connectionString"/> names (the table is created on first use).</summary>
    /// <exception cref="ArgumentException">The connection string has no known scheme, the name is empty, or release-after is not positive.</exception>
    public static SqlLease Open(string connectionString, string name, TimeSpan releaseAfter, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (releaseAfter <= TimeSpan.Zero) throw new ArgumentException($"A lease's release-after must be positive, not {releaseAfter}.", nameof(releaseAfter));
        time ??= TimeProvider.System;
        if (connectionString.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var path = connectionString["sqlite:".Length..];
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            var db = new SqliteDatabase(path, TimeSpan.FromSeconds(10));
            return new SqlLease(name, releaseAfter, time, _ => Task.FromResult<DbConnection>(db.Open()), ExecuteAsync, resources: null);
        }
        if (connectionString.StartsWith("postgres:", StringComparison.Ordinal))
        {
            var source = NpgsqlDataSource.Create(connectionString["postgres:".Length..]);
            return new SqlLease(name, releaseAfter, time, async ct => await source.OpenConnectionAsync(ct).ConfigureAwait(false), CreatePostgresSchema, source);
        }
        throw new ArgumentException($"Unknown lease connection string '{connectionString}': use sqlite:PATH or postgres:CONNSTRING.", nameof(connectionString));
    }

    /// <summary>
    /// True when <paramref name="owner"/> holds the lease now: it was free, had expired, or was already
    /// <paramref name="owner"/>'s (then it is renewed for another <see cref="ReleaseAfter"/>). False while another
    /// owner holds it.
    /// </summary>
    public async Task<bool> TryAcquireAsync(string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, Acquire, owner);
        Add(command, "@now", now);
        Add(command, "@expires", now + (long)ReleaseAfter.TotalMilliseconds);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Gives the lease up if <paramref name="owner"/> holds it; does nothing otherwise.</summary>
    public async Task ReleaseAsync(string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, Release, owner);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await _open(cancellationToken).ConfigureAwait(false);
        if (_schemaReady) return connection;
        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_schemaReady)
            {
                await _createSchema(connection).ConfigureAwait(false);
                _schemaReady = true;
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _schemaLock.Release();
        }
        return connection;
    }

    private DbCommand Command(DbConnection connection, string sql, string owner)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@name", Name);
        Add(command, "@owner", owner);
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    private static async Task ExecuteAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = CreateTable;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    // Concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's catalog: serialize it.
    private static async Task CreatePostgresSchema(DbConnection connection)
    {
        var pg = (NpgsqlConnection)connection;
        await using var tx = await pg.BeginTransactionAsync().ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(4242002)", pg, tx))
            await lockCommand.ExecuteNonQueryAsync().ConfigureAwait(false);
        await using (var create = new NpgsqlCommand(CreateTable, pg, tx))
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        await tx.CommitAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_resources is not null) await _resources.DisposeAsync().ConfigureAwait(false);
        _schemaLock.Dispose();
    }
}
