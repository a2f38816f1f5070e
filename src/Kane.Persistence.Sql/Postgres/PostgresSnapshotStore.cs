using Kane.Persistence.Snapshot;
using Npgsql;

namespace Kane.Persistence.Sql.Postgres;

/// <summary>Snapshots in the <c>snapshot</c> table of the PostgreSQL database.</summary>
public sealed class PostgresSnapshotStore(PostgresDatabase db) : ISnapshotStore
{
    private const string Where = " WHERE persistence_id = @pid AND sequence_number <= @maxSeq AND sequence_number >= @minSeq AND created <= @maxTs AND created >= @minTs";

    public async Task<SnapshotRow?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Select(connection, persistenceId, criteria, "SELECT sequence_number, created, manifest, serializer_id, snapshot FROM snapshot" + Where + " ORDER BY sequence_number DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new SnapshotRow(new SnapshotMetadata(persistenceId, reader.GetInt64(0), reader.GetInt64(1)), reader.GetString(2), reader.GetInt32(3), (byte[])reader[4]);
    }

    public async Task SaveAsync(SnapshotRow snapshot, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            INSERT INTO snapshot (persistence_id, sequence_number, created, manifest, serializer_id, snapshot) VALUES (@pid, @seq, @created, @manifest, @serializer, @payload)
            ON CONFLICT (persistence_id, sequence_number) DO UPDATE SET created = excluded.created, manifest = excluded.manifest, serializer_id = excluded.serializer_id, snapshot = excluded.snapshot
            """, connection);
        command.Parameters.AddWithValue("pid", snapshot.Metadata.PersistenceId);
        command.Parameters.AddWithValue("seq", snapshot.Metadata.SequenceNr);
        command.Parameters.AddWithValue("created", snapshot.Metadata.Timestamp);
        command.Parameters.AddWithValue("manifest", snapshot.Manifest);
        command.Parameters.AddWithValue("serializer", snapshot.SerializerId);
        command.Parameters.AddWithValue("payload", snapshot.Payload);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("DELETE FROM snapshot WHERE persistence_id = @pid AND sequence_number = @seq", connection);
        command.Parameters.AddWithValue("pid", metadata.PersistenceId);
        command.Parameters.AddWithValue("seq", metadata.SequenceNr);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Select(connection, persistenceId, criteria, "DELETE FROM snapshot" + Where);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Select(NpgsqlConnection connection, string persistenceId, SnapshotSelectionCriteria c, string sql)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("pid", persistenceId);
        command.Parameters.AddWithValue("maxSeq", c.MaxSequenceNr);
        command.Parameters.AddWithValue("minSeq", c.MinSequenceNr);
        command.Parameters.AddWithValue("maxTs", c.MaxTimestamp);
        command.Parameters.AddWithValue("minTs", c.MinTimestamp);
        return command;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
