using Kane.Persistence.Journal;
using Microsoft.Data.Sqlite;

namespace Kane.Persistence.Sql.Sqlite;

/// <summary>
/// Prepared INSERTs reused for every row of the writer connection. Only a tagged row needs its ordering back (for its
/// tag rows), so only tagged rows go through <c>RETURNING</c>; runs of untagged rows go in multi-row statements of
/// <see cref="RowsPerStatement"/> rows, which SQLite numbers in the order listed, and the rest one by one.
/// </summary>
internal sealed class SqliteRowInserter : IDisposable
{
    /// <summary>Small on purpose: SQLite finds each named parameter by a linear scan, so binding cost grows with the square of the statement's width.</summary>
    internal const int RowsPerStatement = 8;

    private const string Columns = "INSERT INTO journal (persistence_id, sequence_number, created, manifest, serializer_id, payload, writer_uuid) VALUES ";

    private readonly RowStatement _tagged;
    private readonly RowStatement _single;
    private readonly RowStatement _multi;
    private readonly SqliteCommand _tag;
    private readonly SqliteParameter _tOrdering, _tTag, _tPid, _tSeq;

    public SqliteRowInserter(SqliteConnection connection)
    {
        _tagged = new RowStatement(connection, 1, " RETURNING ordering");
        _single = new RowStatement(connection, 1, "");
        _multi = new RowStatement(connection, RowsPerStatement, "");
        _tag = connection.CreateCommand();
        _tag.CommandText = "INSERT INTO tags (ordering_id, tag, persistence_id, sequence_number) VALUES ($o, $t, $p, $s)";
        _tOrdering = _tag.Parameters.Add("$o", SqliteType.Integer);
        _tTag = _tag.Parameters.Add("$t", SqliteType.Text);
        _tPid = _tag.Parameters.Add("$p", SqliteType.Text);
        _tSeq = _tag.Parameters.Add("$s", SqliteType.Integer);
    }

    /// <summary>Inserts every row of <paramref name="writes"/>, in order, inside <paramref name="tx"/>; a constraint violation throws.</summary>
    public void Insert(IReadOnlyList<AtomicWrite> writes, SqliteTransaction tx)
    {
        _tagged.Command.Transaction = _single.Command.Transaction = _multi.Command.Transaction = _tag.Transaction = tx;
        var rows = new List<JournalRow>();
        foreach (var w in writes) rows.AddRange(w.Rows);
        var i = 0;
        while (i < rows.Count)
        {
            var row = rows[i];
            if (row.Tags.Count > 0)
            {
                InsertTagged(row);
                i++;
                continue;
            }
            var run = 1;
            while (i + run < rows.Count && rows[i + run].Tags.Count == 0) run++;
            for (; run >= RowsPerStatement; run -= RowsPerStatement, i += RowsPerStatement)
            {
                for (var k = 0; k < RowsPerStatement; k++) _multi.Bind(k, rows[i + k]);
                _multi.Command.ExecuteNonQuery();
            }
            for (; run > 0; run--, i++)
            {
                _single.Bind(0, rows[i]);
                _single.Command.ExecuteNonQuery();
            }
        }
    }

    private void InsertTagged(JournalRow row)
    {
        _tagged.Bind(0, row);
        var ordering = Convert.ToInt64(_tagged.Command.ExecuteScalar());
        foreach (var t in row.Tags)
        {
            _tOrdering.Value = ordering;
            _tTag.Value = t;
            _tPid.Value = row.PersistenceId;
            _tSeq.Value = row.SequenceNr;
            _tag.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        _tagged.Command.Dispose();
        _single.Command.Dispose();
        _multi.Command.Dispose();
        _tag.Dispose();
    }

    /// <summary>An INSERT of a fixed number of rows with its parameters, seven per row in column order.</summary>
    private sealed class RowStatement
    {
        private readonly SqliteParameter[] _parameters;

        public RowStatement(SqliteConnection connection, int rows, string suffix)
        {
            Command = connection.CreateCommand();
            Command.CommandText = Columns + string.Join(", ", Enumerable.Range(0, rows).Select(r => $"($p{r}, $s{r}, $c{r}, $m{r}, $i{r}, $b{r}, $w{r})")) + suffix;
            _parameters = new SqliteParameter[rows * 7];
            for (var r = 0; r < rows; r++)
            {
                _parameters[r * 7] = Command.Parameters.Add($"$p{r}", SqliteType.Text);
                _parameters[r * 7 + 1] = Command.Parameters.Add($"$s{r}", SqliteType.Integer);
                _parameters[r * 7 + 2] = Command.Parameters.Add($"$c{r}", SqliteType.Integer);
                _parameters[r * 7 + 3] = Command.Parameters.Add($"$m{r}", SqliteType.Text);
                _parameters[r * 7 + 4] = Command.Parameters.Add($"$i{r}", SqliteType.Integer);
                _parameters[r * 7 + 5] = Command.Parameters.Add($"$b{r}", SqliteType.Blob);
                _parameters[r * 7 + 6] = Command.Parameters.Add($"$w{r}", SqliteType.Text);
            }
        }

        public SqliteCommand Command { get; }

        public void Bind(int slot, JournalRow row)
        {
            var p = _parameters.AsSpan(slot * 7, 7);
            p[0].Value = row.PersistenceId;
            p[1].Value = row.SequenceNr;
            p[2].Value = row.Timestamp;
            p[3].Value = row.Manifest;
            p[4].Value = row.SerializerId;
            p[5].Value = row.Payload;
            p[6].Value = row.WriterUuid;
        }
    }
}
