using Kane.Persistence.Sql.Tests.Postgres;

namespace Kane.Persistence.Sql.Tests.Lease;

public sealed class PostgresLeaseTests : SqlLeaseConformance
{
    protected override string ConnectionString => "postgres:" + TestPostgres.ConnectionString;
}
