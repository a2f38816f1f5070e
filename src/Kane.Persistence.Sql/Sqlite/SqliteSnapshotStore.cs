using Kane.Persistence.Snapshot;
using Microsoft.Data.Sqlite;

namespace Kane.Persistence.Sql.Sqlite;

/// <summary>Snapshots in the <c>snapshot</c> table of the same SQLite file as the journal.</summary>
public sealed class SqliteSnapshotStore : ISnapshotStore
{
    private readonly SqliteDatabase _db;

    public SqliteSnapshotStore(string path, TimeSpan? busyTimeout = null)
    {
        _db = new SqliteDatabase(path, busyTimeout ?? TimeSpan.FromSeconds(30));
        _db.Migrate();
    }

    public async Task<SnapshotRow?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var connection = _db.Open();
        using var command = Select(connection, persistenceId, criteria, "SELECT sequence_number, created, manifest, serializer_id, snapshot FROM snapshot", " ORDER BY sequence_number DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new SnapshotRow(new SnapshotMetadata(persistenceId, reader.GetInt64(0), reader.GetInt64(1)), reader.GetString(2), reader.GetInt32(3), (byte[])reader[4]);
    }

    public async Task SaveAsync(SnapshotRow snapshot, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var connection = _db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO snapshot (persistence_id, sequence_number, created, manifest, serializer_id, snapshot) VALUES ($pid, $seq, $created, $manifest, $serializer, $payload)
            ON CONFLICT (persistence_id, sequence_number) DO UPDATE SET created = excluded.created, manifest = excluded.manifest, serializer_id = excluded.serializer_id, snapshot = excluded.snapshot
            """;
        command.Parameters.AddWithValue("$pid", snapshot.Metadata.PersistenceId);
        command.Parameters.AddWithValue("$seq", snapshot.Metadata.SequenceNr);
        command.Parameters.AddWithValue("$created", snapshot.Metadata.Timestamp);
        command.Parameters.AddWithValue("$manifest", snapshot.Manifest);
        command.Parameters.AddWithValue("$serializer", snapshot.SerializerId);
        command.Parameters.AddWithValue("$payload", snapshot.Payload);
        command.ExecuteNonQuery();
    }

    public async Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var connection = _db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM snapshot WHERE persistence_id = $pid AND sequence_number = $seq";
        command.Parameters.AddWithValue("$pid", metadata.PersistenceId);
        command.Parameters.AddWithValue("$seq", metadata.SequenceNr);
        command.ExecuteNonQuery();
    }

    public async Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var connection = _db.Open();
        using var command = Select(connection, persistenceId, criteria, "DELETE FROM snapshot", "");
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Select(SqliteConnection connection, string persistenceId, SnapshotSelectionCriteria c, string head, string tail)
    {
        var command = connection.CreateCommand();
        command.CommandText = head + " WHERE persistence_id = $pid AND sequence_number <= $maxSeq AND sequence_number >= $minSeq AND created <= $maxTs AND created >= $minTs" + tail;
        command.Parameters.AddWithValue("$pid", persistenceId);
        command.Parameters.AddWithValue("$maxSeq", c.MaxSequenceNr);
        command.Parameters.AddWithValue("$minSeq", c.MinSequenceNr);
        command.Parameters.AddWithValue("$maxTs", c.MaxTimestamp);
        command.Parameters.AddWithValue("$minTs", c.MinTimestamp);
        return command;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
