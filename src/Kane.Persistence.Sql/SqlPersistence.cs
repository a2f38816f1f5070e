using Kane.Actor;
using Kane.Persistence.Journal;
using Kane.Persistence.Serialization;
using Kane.Persistence.Snapshot;
using Kane.Persistence.Sql.Postgres;
using Kane.Persistence.Sql.Sqlite;

namespace Kane.Persistence.Sql;

/// <summary>Opens SQL stores from a connection string: <c>sqlite:PATH</c> (embedded default) or <c>postgres:CONNSTRING</c>.</summary>
public static class SqlPersistence
{
    /// <summary>Creates the journal and snapshot store a connection string names (creating the schema if needed).</summary>
    /// <exception cref="ArgumentException">The string has no known scheme.</exception>
    public static (IJournalStore Journal, ISnapshotStore Snapshots) OpenStores(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (connectionString.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var path = connectionString["sqlite:".Length..];
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            return (new SqliteJournal(path), new SqliteSnapshotStore(path));
        }
        if (connectionString.StartsWith("postgres:", StringComparison.Ordinal))
        {
            var db = new PostgresDatabase(connectionString["postgres:".Length..]);
            return (new PostgresJournal(db), new PostgresSnapshotStore(db));
        }
        throw new ArgumentException($"Unknown journal connection string '{connectionString}': use sqlite:PATH or postgres:CONNSTRING.", nameof(connectionString));
    }

    /// <summary>Installs SQL stores as the persistence of <paramref name="system"/>; <c>kane.persistence.connection-string</c> when none is given.</summary>
    public static Persistence Install(ActorSystem system, string? connectionString = null, EventSerializerRegistry? serializers = null)
    {
        var settings = PersistenceSettings.FromConfig(system.Settings.Config);
        var cs = string.IsNullOrWhiteSpace(connectionString) ? settings.ConnectionString : connectionString;
        if (string.IsNullOrWhiteSpace(cs))
            throw new ArgumentException("No journal connection string: pass one or set kane.persistence.connection-string (sqlite:PATH or postgres:CONNSTRING).");
        var (journal, snapshots) = OpenStores(cs);
        return Persistence.Install(system, journal, snapshots, serializers, settings);
    }
}
