using System.Runtime.CompilerServices;
using System.Text;
using Kane.Persistence.Journal;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kane.Persistence.Sql.Sqlite;

/// <summary>
/// Reads one persistence id's events through SQLite's own API rather than the provider's data reader: a recovery
/// steps 10^5 rows on one thread, where the reader's per-row checks, per-column calls through its layers and a new
/// string for every manifest and writer id cost more than SQLite's own work. Manifests and writer ids repeat from row
/// to row, so each distinct one is decoded once per replay and shared by the rows that carry it.
/// </summary>
internal static class SqliteReplayReader
{
    private const string Query = """
        SELECT sequence_number, created, manifest, serializer_id, payload, writer_uuid, ordering FROM journal
        WHERE persistence_id = ?1 AND sequence_number >= ?2 AND sequence_number <= ?3 AND deleted = 0
        ORDER BY sequence_number LIMIT ?4
        """;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Replay(SqliteConnection connection, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<JournalRow> onRow, CancellationToken cancellationToken)
    {
        var handle = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, Query, out sqlite3_stmt statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            Check(raw.sqlite3_bind_text(statement, 1, persistenceId), handle);
            Check(raw.sqlite3_bind_int64(statement, 2, fromSequenceNr), handle);
            Check(raw.sqlite3_bind_int64(statement, 3, toSequenceNr), handle);
            Check(raw.sqlite3_bind_int64(statement, 4, max), handle);
            var manifests = new Utf8Strings();
            var writers = new Utf8Strings();
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Column text is read as its stored bytes (the file is UTF-8), without a conversion by SQLite.
                onRow(new JournalRow(
                    persistenceId,
                    raw.sqlite3_column_int64(statement, 0),
                    manifests.Get(raw.sqlite3_column_blob(statement, 2)),
                    raw.sqlite3_column_int(statement, 3),
                    raw.sqlite3_column_blob(statement, 4).ToArray(),
                    writers.Get(raw.sqlite3_column_blob(statement, 5)),
                    raw.sqlite3_column_int64(statement, 1),
                    [],
                    raw.sqlite3_column_int64(statement, 6)));
            }
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
        }
    }

    private static void Check(int rc, sqlite3 handle)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, handle);
    }

    /// <summary>The last few distinct strings seen in one column, matched on their UTF-8 bytes.</summary>
    private sealed class Utf8Strings
    {
        private const int Capacity = 8;
        private readonly byte[][] _bytes = new byte[Capacity][];
        private readonly string[] _strings = new string[Capacity];
        private int _count;
        private int _next;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public string Get(ReadOnlySpan<byte> utf8)
        {
            for (var i = 0; i < _count; i++)
                if (utf8.SequenceEqual(_bytes[i])) return _strings[i];
            var value = Encoding.UTF8.GetString(utf8);
            _bytes[_next] = utf8.ToArray();
            _strings[_next] = value;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
            return value;
        }
    }
}
