namespace Kane.Persistence.Sql.Tests.Lease;

public sealed class SqliteLeaseTests : SqlLeaseConformance, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override string ConnectionString => "sqlite:" + _db.Path;

    public void Dispose() => _db.Dispose();
}
