using Kane.Persistence.Journal;
using Npgsql;
using NpgsqlTypes;

namespace Kane.Persistence.Sql.Postgres;

/// <summary>
/// The PostgreSQL journal. A call's writes go in one transaction as one multi-row INSERT (arrays through
/// <c>unnest</c>) under a transaction-scoped advisory lock, in one round trip unless a row has tags; when a row
/// collides, each write is retried in its own transaction so only the colliding ones fail.
/// </summary>
public sealed class PostgresJournal(PostgresDatabase db) : IJournalStore
{
    private const string UniqueViolation = "23505";

    public async Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken)
    {
        var outcomes = new WriteOutcome[writes.Count];
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await InsertAsync(connection, writes, cancellationToken).ConfigureAwait(false);
            return outcomes;
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation && writes.Count == 1)
        {
            outcomes[0] = WriteOutcome.Failed(new JournalConflictException(writes[0].PersistenceId, writes[0].LowestSequenceNr, e));
            return outcomes;
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation)
        {
        }
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                await InsertAsync(connection, [writes[i]], cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == UniqueViolation)
            {
                outcomes[i] = WriteOutcome.Failed(new JournalConflictException(writes[i].PersistenceId, writes[i].LowestSequenceNr, e));
            }
        }
        return outcomes;
    }

    private static async Task InsertAsync(NpgsqlConnection connection, IReadOnlyList<AtomicWrite> writes, CancellationToken ct)
    {
        var count = 0;
        var anyTagged = false;
        foreach (var w in writes)
        {
            count += w.Rows.Count;
            foreach (var r in w.Rows) anyTagged |= r.Tags.Count > 0;
        }
        var pids = new string[count];
        var seqs = new long[count];
        var created = new long[count];
        var manifests = new string[count];
        var serializers = new int[count];
        var payloads = new byte[count][];
        var writers = new string[count];
        var n = 0;
        foreach (var w in writes)
        {
            foreach (var r in w.Rows)
            {
                pids[n] = r.PersistenceId;
                seqs[n] = r.SequenceNr;
                created[n] = r.Timestamp;
                manifests[n] = r.Manifest;
                serializers[n] = r.SerializerId;
                payloads[n] = r.Payload;
                writers[n] = r.WriterUuid;
                n++;
            }
        }
        // The advisory lock serializes journal inserts of every process until commit, so orderings become visible in
        // order: a tag query that resumes after an offset never misses a row that commits later with a lower one.
        // Untagged rows need no orderings back: the lock and the INSERT go as one batch, which PostgreSQL runs as one
        // implicit transaction committed before it answers (one round trip; an error rolls back both statements).
        await using var tx = anyTagged ? await connection.BeginTransactionAsync(ct).ConfigureAwait(false) : null;
        await using var insert = new NpgsqlCommand(anyTagged ? InsertReturningSql : InsertSql, connection, tx);
        insert.Parameters.Add(new NpgsqlParameter<string[]>("pid", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = pids });
        insert.Parameters.Add(new NpgsqlParameter<long[]>("seq", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = seqs });
        insert.Parameters.Add(new NpgsqlParameter<long[]>("created", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = created });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("manifest", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = manifests });
        insert.Parameters.Add(new NpgsqlParameter<int[]>("serializer", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = serializers });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]>("payload", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = payloads });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("writer", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = writers });
        if (tx is null)
        {
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return;
        }
        var tagged = new Dictionary<(string, long), JournalRow>();
        foreach (var w in writes)
            foreach (var r in w.Rows)
                if (r.Tags.Count > 0) tagged[(r.PersistenceId, r.SequenceNr)] = r;
        var tagOrdering = new List<long>();
        var tagNames = new List<string>();
        var tagPids = new List<string>();
        var tagSeqs = new List<long>();
        await using (var reader = await insert.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (!tagged.TryGetValue((reader.GetString(1), reader.GetInt64(2)), out var row)) continue;
                foreach (var t in row.Tags)
                {
                    tagOrdering.Add(reader.GetInt64(0));
                    tagNames.Add(t);
                    tagPids.Add(row.PersistenceId);
                    tagSeqs.Add(row.SequenceNr);
                }
            }
        }
        await using (var tags = new NpgsqlCommand("INSERT INTO tags (ordering_id, tag, persistence_id, sequence_number) SELECT * FROM unnest(@o, @t, @p, @s)", connection, tx))
        {
            tags.Parameters.Add(new NpgsqlParameter<long[]>("o", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. tagOrdering] });
            tags.Parameters.Add(new NpgsqlParameter<string[]>("t", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = [.. tagNames] });
            tags.Parameters.Add(new NpgsqlParameter<string[]>("p", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = [.. tagPids] });
            tags.Parameters.Add(new NpgsqlParameter<long[]>("s", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. tagSeqs] });
            await tags.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    private const string InsertSql = """
        SELECT pg_advisory_xact_lock(4242002);
        INSERT INTO journal (persistence_id, sequence_number, created, manifest, serializer_id, payload, writer_uuid)
        SELECT * FROM unnest(@pid, @seq, @created, @manifest, @serializer, @payload, @writer)
        """;

    private const string InsertReturningSql = InsertSql + "\nRETURNING ordering, persistence_id, sequence_number";

    public async Task ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<JournalRow> onRow, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT sequence_number, created, manifest, serializer_id, payload, writer_uuid, ordering FROM journal
            WHERE persistence_id = @pid AND sequence_number >= @from AND sequence_number <= @to AND NOT deleted
            ORDER BY sequence_number LIMIT @max
            """, connection);
        command.Parameters.AddWithValue("pid", persistenceId);
        command.Parameters.AddWithValue("from", fromSequenceNr);
        command.Parameters.AddWithValue("to", toSequenceNr);
        command.Parameters.AddWithValue("max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            onRow(new JournalRow(persistenceId, reader.GetInt64(0), reader.GetString(2), reader.GetInt32(3), (byte[])reader[4], reader.GetString(5), reader.GetInt64(1), [], reader.GetInt64(6)));
    }

    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(sequence_number), 0) FROM journal WHERE persistence_id = @pid", connection);
        command.Parameters.AddWithValue("pid", persistenceId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
    }

    public async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Mark, then remove every marked row but the highest one, which keeps MAX(sequence_number) for the next writer.
        await using var command = new NpgsqlCommand("""
            UPDATE journal SET deleted = TRUE WHERE persistence_id = @pid AND sequence_number <= @to AND NOT deleted;
            DELETE FROM tags WHERE persistence_id = @pid AND sequence_number <= @to;
            DELETE FROM journal WHERE persistence_id = @pid AND deleted AND sequence_number <
              (SELECT MAX(sequence_number) FROM journal WHERE persistence_id = @pid AND deleted);
            """, connection, tx);
        command.Parameters.AddWithValue("pid", persistenceId);
        command.Parameters.AddWithValue("to", toSequenceNr);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JournalRow>> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT j.ordering, j.persistence_id, j.sequence_number, j.created, j.manifest, j.serializer_id, j.payload, j.writer_uuid,
                   ARRAY(SELECT t2.tag FROM tags t2 WHERE t2.ordering_id = j.ordering)
            FROM tags t JOIN journal j ON j.ordering = t.ordering_id
            WHERE t.tag = @tag AND t.ordering_id > @after AND NOT j.deleted
            ORDER BY t.ordering_id LIMIT @max
            """, connection);
        command.Parameters.AddWithValue("tag", tag);
        command.Parameters.AddWithValue("after", afterOrdering);
        command.Parameters.AddWithValue("max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<JournalRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(new JournalRow(reader.GetString(1), reader.GetInt64(2), reader.GetString(4), reader.GetInt32(5), (byte[])reader[6], reader.GetString(7), reader.GetInt64(3), (string[])reader[8], reader.GetInt64(0)));
        return rows;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
