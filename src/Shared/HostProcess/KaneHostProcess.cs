using Kane.Cluster;
using Kane.Configuration;
using Kane.Hosting;
using Kane.Hosting.Configuration;
using Kane.Persistence;
using Kane.Persistence.Sql;
using Kane.Remote;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kane.HostProcess;

/// <summary>
/// The life of a Kane host process (Kane.Seed, Kane.Node): parse the command line, layer the configuration
/// (reference.conf &lt; the host's embedded defaults &lt; --config &lt; KANE__ environment &lt; options), start remoting,
/// the journal and clustering, let the host add its own actors and palettes, and run until SIGTERM or Ctrl-C, whose
/// coordinated shutdown leaves the cluster gracefully. Bad input ends the process with exit code 2 and one line.
/// </summary>
internal static partial class KaneHostProcess
{
    public const int BadInput = 2;

    /// <param name="name">The program's name, prefixed to error lines (kane-seed, kane-node).</param>
    /// <param name="defaultsResource">Logical name of the embedded HOCON defaults (seed.conf, node.conf).</param>
    /// <param name="worker">Accept the worker options (--agents, --capabilities).</param>
    /// <param name="configure">Adds the host's own parts (clustering, agents, palettes) after the journal; it gets the
    /// layered configuration to read settings it needs before the actor system exists.</param>
    public static async Task<int> RunAsync(string name, string[] args, string defaultsResource, bool worker,
        Action<KaneConfigurationBuilder, NodeOptions, IConfiguration> configure)
    {
        var (options, error) = NodeOptions.Parse(args, worker);
        if (options is null)
        {
            await Console.Error.WriteLineAsync($"{name}: {error}").ConfigureAwait(false);
            return BadInput;
        }
        try
        {
            var builder = Host.CreateApplicationBuilder([.. options.HostArgs]);
            using (var defaults = typeof(KaneHostProcess).Assembly.GetManifestResourceStream(defaultsResource)
                ?? throw new InvalidOperationException($"{defaultsResource} is not embedded in {name}."))
            using (var reader = new StreamReader(defaults))
            {
                var hostConf = ConfigurationFactory.ParseString(await reader.ReadToEndAsync().ConfigureAwait(false), defaultsResource, KaneReference.Config);
                // Lowest precedence: the host's defaults, then --config, then the environment and command line (added by the host).
                builder.Configuration.Sources.Insert(0, new HoconConfigurationSource { Config = hostConf });
            }
            if (options.ConfigFile is not null)
                builder.Configuration.Sources.Insert(1, new HoconConfigurationSource { Config = ConfigurationFactory.ParseFile(options.ConfigFile, KaneReference.Config) });
            builder.Configuration.AddInMemoryCollection(options.ToConfigurationKeys());
            // A bad setting is reported once, as one clear line, not as the host's start-up stack trace.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

            builder.Services.AddKane(Kane.Actor.ActorSystem.DefaultName, kane =>
            {
                kane.ConfigureSettings(settings => settings.WithRemoting());
                // Installed before anything persistent starts: --journal, else kane.persistence.connection-string, else
                // the in-memory journal (nothing survives the process).
                kane.WithActors((system, _) =>
                {
                    if (options.Journal is not null || !string.IsNullOrWhiteSpace(PersistenceSettings.FromConfig(system.Settings.Config).ConnectionString))
                        SqlPersistence.Install(system, options.Journal);
                    else if (worker)
                        LogWarningInMemoryJournal(system.LoggerFactory.CreateLogger(name));
                });
                configure(kane, options, builder.Configuration);
            });
            await builder.Build().RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or ConfigurationException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"{name}: {e.Message}").ConfigureAwait(false);
            return BadInput;
        }
        return Environment.ExitCode;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No journal given: jobs and agents live in memory and die with this process, and other nodes cannot take them over. Give every node the same --journal sqlite:PATH (one machine) or postgres:CONNSTRING.")]
    private static partial void LogWarningInMemoryJournal(ILogger log);
}
