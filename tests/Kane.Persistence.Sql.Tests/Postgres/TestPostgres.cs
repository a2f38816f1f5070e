using Kane.Persistence.Sql.Postgres;

namespace Kane.Persistence.Sql.Tests.Postgres;

/// <summary>The PostgreSQL that <c>./build.sh test</c> provisions (scripts/provision.sh); its absence fails, never skips, a test.</summary>
public static class TestPostgres
{
    public static string ConnectionString => Environment.GetEnvironmentVariable("KANE_TEST_POSTGRES") is { Length: > 0 } cs ? cs
        : throw new InvalidOperationException("KANE_TEST_POSTGRES is not set: run the tests through ./build.sh test, or eval \"$(./scripts/provision.sh)\" first.");

    private static readonly Lazy<PostgresDatabase> s_db = new(() => new PostgresDatabase(ConnectionString));

    /// <summary>One pooled database for the test process; the conformance tests use unique persistence ids per run.</summary>
    public static PostgresDatabase Database => s_db.Value;
}
