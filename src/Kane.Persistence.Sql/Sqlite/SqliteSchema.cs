namespace Kane.Persistence.Sql.Sqlite;

/// <summary>Forward migrations of the SQLite schema; version N is applied once, in order, and recorded in schema_version.</summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string[]> Migrations =
    [
        [
            """
            CREATE TABLE journal (
              ordering INTEGER PRIMARY KEY AUTOINCREMENT,
              persistence_id TEXT NOT NULL,
              sequence_number INTEGER NOT NULL,
              created INTEGER NOT NULL,
              manifest TEXT NOT NULL,
              serializer_id INTEGER NOT NULL,
              payload BLOB NOT NULL,
              writer_uuid TEXT NOT NULL,
              deleted INTEGER NOT NULL DEFAULT 0,
              UNIQUE (persistence_id, sequence_number))
            """,
            "CREATE TABLE tags (ordering_id INTEGER NOT NULL, tag TEXT NOT NULL, persistence_id TEXT NOT NULL, sequence_number INTEGER NOT NULL, PRIMARY KEY (ordering_id, tag))",
            "CREATE INDEX IF NOT EXISTS tags_tag_ordering ON tags (tag, ordering_id)",
            "CREATE INDEX IF NOT EXISTS tags_pid_seq ON tags (persistence_id, sequence_number)",
            """
            CREATE TABLE snapshot (
              persistence_id TEXT NOT NULL,
              sequence_number INTEGER NOT NULL,
              created INTEGER NOT NULL,
              manifest TEXT NOT NULL,
              serializer_id INTEGER NOT NULL,
              snapshot BLOB NOT NULL,
              PRIMARY KEY (persistence_id, sequence_number))
            """,
        ],
    ];
}
