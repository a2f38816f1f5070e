using System.Security.Cryptography;
using Kane.Actor;
using Kane.Actors;
using Kane.Cluster;
using Kane.Configuration;
using Kane.Organize.Handlers;
using Kane.Persistence.Sql;
using Kane.Remote;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kane.Organize.Run;

/// <summary>
/// A single-node Kane cluster inside this process, as <c>kane organize</c> without <c>--cluster</c> runs: remoting on
/// a free loopback port with a random secret (no other process can join), the given journal, the worker role, and
/// agents running the seven organize handlers. Dispose stops it (its coordinated shutdown leaves the cluster).
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private EmbeddedCluster(ActorSystem system, KaneAgents agents)
    {
        System = system;
        Agents = agents;
    }

    public ActorSystem System { get; }

    public KaneAgents Agents { get; }

    /// <summary>
    /// What the embedded node changes from the reference: a single node has nobody to hand its shards or singleton
    /// to, so its shutdown phases need not wait long for peers. Its regions still hand their shards off (entities stop
    /// with the hand-off message, after their in-flight writes); as the last region, they no longer wait for a home
    /// that will not come (decision 0024), so that phase takes milliseconds, not its timeout.
    /// </summary>
    public const string Defaults = """
        kane.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 2s
        kane.coordinated-shutdown.phases.cluster-exiting.timeout = 2s
        kane.coordinated-shutdown.default-phase-timeout = 2s
        """;

    /// <summary>Starts the node with <paramref name="journal"/> (<c>sqlite:PATH</c> or <c>postgres:CONNSTRING</c>) and waits until its agents serve.</summary>
    /// <param name="extraConfig">HOCON layered over the reference configuration (tests make timings fast).</param>
    public static async Task<EmbeddedCluster> StartAsync(string journal, string? extraConfig = null, ILoggerFactory? logs = null, CancellationToken cancellationToken = default)
    {
        var config = KaneReference.WithDefaults(ConfigurationFactory.ParseString(Defaults + "\n" + (extraConfig ?? "")));
        var settings = ActorSystemSettings.FromConfig(config) with { LoggerFactory = logs ?? NullLoggerFactory.Instance };
        var remote = RemoteSettings.Default with { Hostname = "127.0.0.1", Port = 0, Secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)) };
        var system = ActorSystem.Create("kane", settings.WithRemoting(remote));
        try
        {
            SqlPersistence.Install(system, journal);
            var agentsSettings = KaneAgentsSettings.FromConfig(system.Settings.Config);
            var cluster = system.StartCluster(ClusterSettings.FromConfig(system.Settings.Config) with
            {
                SeedNodes = [system.Address],
                Roles = [agentsSettings.Role],
            });
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!cluster.State.Members.Any(m => m.Address == cluster.SelfAddress && m.Status == MemberStatus.Up))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the embedded Kane node did not come up within 60 s");
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
            var agents = KaneAgents.Start(system, new TaskHandlerRegistry().RegisterOrganize(), agentsSettings);
            while ((await agents.ListAgentsAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Count == 0)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the embedded Kane node's agents did not register within 60 s");
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            return new EmbeddedCluster(system, agents);
        }
        catch
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await System.Terminate().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The process is ending anyway; the journal holds everything acknowledged.
        }
        // The handlers' catalog connections: closing the last one checkpoints the catalog's WAL into it.
        Catalog.OrganizeCatalog.CloseShared();
    }
}
