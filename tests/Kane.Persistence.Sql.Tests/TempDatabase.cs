namespace Kane.Persistence.Sql.Tests;

/// <summary>A SQLite file in a fresh temporary directory, removed with the directory.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-sqlite-").FullName;

    public string Path => System.IO.Path.Combine(_dir, "journal.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
