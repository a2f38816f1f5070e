namespace Kane.Persistence.Sql.Tests.Lease;

/// <summary>What every SQL lease backend must do; SQLite and PostgreSQL run the same suite.</summary>
public abstract class SqlLeaseConformance : IAsyncLifetime
{
    private readonly List<SqlLease> _leases = [];

    protected readonly ManualTime Time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    protected abstract string ConnectionString { get; }

    /// <summary>A fresh lease name per test, so runs against a shared server never meet.</summary>
    private readonly string _name = "lease-" + Guid.NewGuid().ToString("N");

    protected SqlLease Lease(string? name = null, TimeSpan? releaseAfter = null)
    {
        var lease = SqlLease.Open(ConnectionString, name ?? _name, releaseAfter ?? TimeSpan.FromSeconds(40), Time);
        _leases.Add(lease);
        return lease;
    }

    [Fact]
    public async Task A_free_lease_is_taken_by_the_first_owner_that_asks()
    {
        Assert.True(await Lease().TryAcquireAsync("node-a"));
    }

    [Fact]
    public async Task A_held_lease_is_refused_to_another_owner()
    {
        Assert.True(await Lease().TryAcquireAsync("node-a"));

        Assert.False(await Lease().TryAcquireAsync("node-b"));
    }

    [Fact]
    public async Task The_holder_renews_its_lease_and_the_renewal_extends_it()
    {
        var lease = Lease();
        Assert.True(await lease.TryAcquireAsync("node-a"));

        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await lease.TryAcquireAsync("node-a"));
        Time.Advance(TimeSpan.FromSeconds(30)); // 60 s after taking it, but only 30 s after the renewal

        Assert.False(await Lease().TryAcquireAsync("node-b"));
    }

    [Fact]
    public async Task A_lease_not_renewed_for_release_after_can_be_taken_by_another_owner()
    {
        Assert.True(await Lease().TryAcquireAsync("node-a"));

        Time.Advance(TimeSpan.FromSeconds(39));
        Assert.False(await Lease().TryAcquireAsync("node-b"));
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await Lease().TryAcquireAsync("node-b"));

        Assert.False(await Lease().TryAcquireAsync("node-a"));
    }

    [Fact]
    public async Task A_released_lease_is_free_again()
    {
        var lease = Lease();
        Assert.True(await lease.TryAcquireAsync("node-a"));

        await lease.ReleaseAsync("node-a");

        Assert.True(await Lease().TryAcquireAsync("node-b"));
    }

    [Fact]
    public async Task Only_the_holder_can_release_a_lease()
    {
        Assert.True(await Lease().TryAcquireAsync("node-a"));

        await Lease().ReleaseAsync("node-b");

        Assert.False(await Lease().TryAcquireAsync("node-b"));
    }

    [Fact]
    public async Task Leases_with_different_names_are_independent()
    {
        var other = "other-" + Guid.NewGuid().ToString("N");
        Assert.True(await Lease().TryAcquireAsync("node-a"));

        Assert.True(await Lease(other).TryAcquireAsync("node-b"));
    }

    [Fact]
    public async Task Owners_racing_for_a_free_lease_from_separate_connections_have_exactly_one_winner()
    {
        for (var round = 0; round < 5; round++)
        {
            var name = $"race-{round}-{Guid.NewGuid():N}";
            var contenders = Enumerable.Range(0, 8).Select(i => (Owner: $"node-{i}", Lease: Lease(name))).ToList();
            using var start = new ManualResetEventSlim();
            var attempts = contenders.Select(c => Task.Run(async () =>
            {
                start.Wait();
                return (c.Owner, Won: await c.Lease.TryAcquireAsync(c.Owner));
            })).ToList();

            start.Set();
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(results, r => r.Won);
            // The winner holds it: it renews, everyone else is still refused.
            Assert.True(await Lease(name).TryAcquireAsync(winner.Owner));
            Assert.False(await Lease(name).TryAcquireAsync(results.First(r => !r.Won).Owner));
        }
    }

    [Fact]
    public async Task Owners_racing_for_an_expired_lease_have_exactly_one_winner()
    {
        Assert.True(await Lease().TryAcquireAsync("old-holder"));
        Time.Advance(TimeSpan.FromMinutes(5));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Lease().TryAcquireAsync($"node-{i}"))));

        Assert.Equal(1, results.Count(won => won));
    }

    [Fact]
    public void A_connection_string_without_a_known_scheme_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => SqlLease.Open("mysql:server=x", "n", TimeSpan.FromSeconds(1)));
        Assert.Contains("sqlite:PATH or postgres:CONNSTRING", e.Message);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var lease in _leases) await lease.DisposeAsync();
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
}
