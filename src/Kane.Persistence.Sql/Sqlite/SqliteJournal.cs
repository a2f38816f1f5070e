using System.Threading.Channels;
using Kane.Persistence.Journal;
using Microsoft.Data.Sqlite;

namespace Kane.Persistence.Sql.Sqlite;

/// <summary>
/// The embedded journal: one SQLite file in WAL mode. All writes go through one writer connection on one loop that
/// commits, in one transaction, every write that arrived while the previous transaction was being flushed (group
/// commit). Readers use their own connections. The busy timeout lets several processes share the file.
/// </summary>
public sealed class SqliteJournal : IJournalStore
{
    private const int SqliteConstraint = 19;

    private readonly SqliteDatabase _db;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private sealed record Pending(IReadOnlyList<AtomicWrite> Writes, TaskCompletionSource<IReadOnlyList<WriteOutcome>> Done);

    /// <param name="path">The database file; created with its schema if missing.</param>
    /// <param name="busyTimeout">How long a statement waits for another process's lock; default 30s.</param>
    public SqliteJournal(string path, TimeSpan? busyTimeout = null)
    {
        _db = new SqliteDatabase(path, busyTimeout ?? TimeSpan.FromSeconds(30));
        _db.Migrate();
        _writer = Task.Factory.StartNew(WriterLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<IReadOnlyList<WriteOutcome>>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(writes, done))) done.SetException(new ObjectDisposedException(nameof(SqliteJournal)));
        return done.Task;
    }

    private async Task WriterLoop()
    {
        using var connection = _db.Open();
        using var insert = new SqliteRowInserter(connection);
        var group = new List<Pending>();
        var synced = true; // the connection opens with synchronous = FULL
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (_queue.Reader.TryRead(out var p)) group.Add(p);
            var writes = group.SelectMany(p => p.Writes).ToList();
            WriteOutcome[] outcomes;
            try
            {
                // A group of Written-only writes commits without an fsync (WAL with synchronous = NORMAL: in the file
                // before the reply, so a SIGKILL of any process loses nothing); the next synced commit syncs them too.
                var sync = writes.Exists(w => w.Durability == JournalDurability.Synced);
                if (sync != synced)
                {
                    SqliteDatabase.Execute(connection, sync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
                    synced = sync;
                }
                outcomes = WriteGroup(connection, insert, writes);
            }
            catch (Exception e)
            {
                foreach (var p in group) p.Done.TrySetException(e);
                continue;
            }
            var offset = 0;
            foreach (var p in group)
            {
                p.Done.TrySetResult(outcomes.AsSpan(offset, p.Writes.Count).ToArray());
                offset += p.Writes.Count;
            }
        }
    }

    /// <summary>One transaction for the whole group; if a row collides, each write is retried alone so only the colliding ones fail.</summary>
    private static WriteOutcome[] WriteGroup(SqliteConnection connection, SqliteRowInserter insert, List<AtomicWrite> writes)
    {
        var outcomes = new WriteOutcome[writes.Count];
        try
        {
            using var tx = connection.BeginTransaction(deferred: false);
            insert.Insert(writes, tx);
            tx.Commit();
            return outcomes;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint && writes.Count > 1)
        {
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            outcomes[0] = WriteOutcome.Failed(new JournalConflictException(writes[0].PersistenceId, writes[0].LowestSequenceNr, e));
            return outcomes;
        }
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                using var tx = connection.BeginTransaction(deferred: false);
                insert.Insert([writes[i]], tx);
                tx.Commit();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                outcomes[i] = WriteOutcome.Failed(new JournalConflictException(writes[i].PersistenceId, writes[i].LowestSequenceNr, e));
            }
        }
        return outcomes;
    }

    public async Task ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<JournalRow> onRow, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var connection = _db.Open();
        SqliteReplayReader.Replay(connection, persistenceId, fromSequenceNr, toSequenceNr, max, onRow, cancellationToken);
    }

    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var connection = _db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(sequence_number), 0) FROM journal WHERE persistence_id = $pid";
        command.Parameters.AddWithValue("$pid", persistenceId);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var connection = _db.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.Parameters.AddWithValue("$pid", persistenceId);
        command.Parameters.AddWithValue("$to", toSequenceNr);
        // Mark, then remove every marked row but the highest one, which keeps MAX(sequence_number) for the next writer.
        command.CommandText = """
            UPDATE journal SET deleted = 1 WHERE persistence_id = $pid AND sequence_number <= $to AND deleted = 0;
            DELETE FROM tags WHERE persistence_id = $pid AND sequence_number <= $to;
            DELETE FROM journal WHERE persistence_id = $pid AND deleted = 1 AND sequence_number <
              (SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $pid AND deleted = 1);
            """;
        command.ExecuteNonQuery();
        tx.Commit();
    }

    public async Task<IReadOnlyList<JournalRow>> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var connection = _db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT j.ordering, j.persistence_id, j.sequence_number, j.created, j.manifest, j.serializer_id, j.payload, j.writer_uuid,
                   (SELECT group_concat(t2.tag, char(31)) FROM tags t2 WHERE t2.ordering_id = j.ordering)
            FROM tags t JOIN journal j ON j.ordering = t.ordering_id
            WHERE t.tag = $tag AND t.ordering_id > $after AND j.deleted = 0
            ORDER BY t.ordering_id LIMIT $max
            """;
        command.Parameters.AddWithValue("$tag", tag);
        command.Parameters.AddWithValue("$after", afterOrdering);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var rows = new List<JournalRow>();
        while (reader.Read())
            rows.Add(new JournalRow(reader.GetString(1), reader.GetInt64(2), reader.GetString(4), reader.GetInt32(5), (byte[])reader[6], reader.GetString(7), reader.GetInt64(3), reader.GetString(8).Split('\u001f'), reader.GetInt64(0)));
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
