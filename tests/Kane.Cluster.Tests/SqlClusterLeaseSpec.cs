using Kane.Configuration;

namespace Kane.Cluster.Tests;

public sealed class SqlClusterLeaseSpec : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-lease-").FullName;
    private readonly List<SqlClusterLease> _leases = [];

    private string Sqlite => "sqlite:" + Path.Combine(_dir, "lease.db");

    /// <summary>The PostgreSQL ./build.sh test provisions; missing, the test fails rather than skips.</summary>
    private static string Postgres => Environment.GetEnvironmentVariable("KANE_TEST_POSTGRES") is { Length: > 0 } cs ? "postgres:" + cs
        : throw new InvalidOperationException("KANE_TEST_POSTGRES is not set: run the tests through ./build.sh test, or eval \"$(./scripts/provision.sh)\" first.");

    private SqlClusterLease Lease(string backend, string name)
    {
        var settings = ClusterSettings.Default.SplitBrainResolver! with
        {
            Strategy = DowningStrategyKind.LeaseMajority,
            LeaseConnectionString = backend == "sqlite" ? Sqlite : Postgres,
            LeaseName = name,
        };
        var lease = SqlClusterLease.FromSettings(settings.Validate());
        _leases.Add(lease);
        return lease;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_leaders_of_two_partition_sides_racing_for_the_lease_get_exactly_one_winner(string backend)
    {
        var name = "sbr-" + Guid.NewGuid().ToString("N");
        var left = Lease(backend, name);
        var right = Lease(backend, name);

        var results = await Task.WhenAll(
            Task.Run(() => left.TryAcquireAsync("kane.tcp://kane@10.0.0.1:4053#1")),
            Task.Run(() => right.TryAcquireAsync("kane.tcp://kane@10.0.0.2:4053#2")));

        Assert.Equal(1, results.Count(won => won));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_holder_keeps_the_lease_until_it_releases_it(string backend)
    {
        var name = "sbr-" + Guid.NewGuid().ToString("N");
        var a = Lease(backend, name);
        var b = Lease(backend, name);

        Assert.True(await a.TryAcquireAsync("a"));
        Assert.True(await a.TryAcquireAsync("a"));
        Assert.False(await b.TryAcquireAsync("b"));
        await a.ReleaseAsync("a");
        Assert.True(await b.TryAcquireAsync("b"));
    }

    [Fact]
    public void A_lease_connection_string_with_an_unknown_scheme_is_rejected_naming_the_key()
    {
        var settings = ClusterSettings.Default.SplitBrainResolver! with { Strategy = DowningStrategyKind.LeaseMajority, LeaseConnectionString = "mysql:x" };

        var e = Assert.ThrowsAny<ArgumentException>(() => SqlClusterLease.FromSettings(settings));

        Assert.Contains("kane.cluster.split-brain-resolver.lease-majority.connection-string", e.Message);
    }

    [Fact]
    public void StartCluster_with_lease_majority_and_no_lease_builds_the_sql_lease_from_the_settings()
    {
        using var nodes = new Nodes();
        var system = nodes.System();
        var settings = Nodes.Fast() with
        {
            SplitBrainResolver = Nodes.Fast().SplitBrainResolver! with
            {
                Strategy = DowningStrategyKind.LeaseMajority,
                LeaseConnectionString = Sqlite,
                LeaseName = "from-settings",
            },
        };

        var cluster = system.StartCluster(settings);

        var lease = Assert.IsType<SqlClusterLease>(cluster.Lease);
        Assert.Equal("from-settings", lease.Name);
    }

    [Fact]
    public void StartCluster_reads_the_lease_from_hocon()
    {
        using var nodes = new Nodes();
        var system = nodes.System();
        var settings = ClusterSettings.FromConfig(ConfigurationFactory.ParseString($$"""
            kane.cluster.split-brain-resolver {
              active-strategy = lease-majority
              lease-majority { connection-string = "{{Sqlite}}", lease-name = from-hocon }
            }
            """));

        var cluster = system.StartCluster(settings);

        Assert.Equal("from-hocon", Assert.IsType<SqlClusterLease>(cluster.Lease).Name);
    }

    public void Dispose()
    {
        foreach (var lease in _leases) lease.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
