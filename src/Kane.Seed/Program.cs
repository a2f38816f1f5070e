using Kane.Cluster;
using Kane.Cluster.Cmd;
using Kane.Cmd;
using Kane.Configuration;
using Kane.Hosting;
using Kane.Hosting.Configuration;
using Kane.Persistence.Sql;
using Kane.Remote;
using Kane.Seed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Kane.Seed: joins the cluster (the first seed forms it) and serves membership; it hosts no agents. SIGTERM and
// Ctrl-C stop the host, whose coordinated shutdown leaves the cluster gracefully.
var (options, error) = NodeOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine($"kane-seed: {error}");
    return 2;
}

var builder = Host.CreateApplicationBuilder([.. options.HostArgs]);
using (var defaults = typeof(NodeOptions).Assembly.GetManifestResourceStream("seed.conf")!)
using (var reader = new StreamReader(defaults))
{
    var seedConf = ConfigurationFactory.ParseString(reader.ReadToEnd(), "seed.conf", KaneReference.Config);
    // Lowest precedence: seed.conf, then --config, then the environment and command line (added by the host).
    builder.Configuration.Sources.Insert(0, new HoconConfigurationSource { Config = seedConf });
}
if (options.ConfigFile is not null) builder.Configuration.Sources.Insert(1, new HoconConfigurationSource { Config = ConfigurationFactory.ParseFile(options.ConfigFile, KaneReference.Config) });
builder.Configuration.AddInMemoryCollection(options.ToConfigurationKeys());
// A bad setting is reported once, as one clear line below, not as the host's start-up stack trace.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

builder.Services.AddKane(Kane.Actor.ActorSystem.DefaultName, kane =>
{
    kane.ConfigureSettings(settings => settings.WithRemoting());
    if (options.Journal is not null) kane.WithSqlPersistence(options.Journal);
    kane.WithClustering();
    kane.WithKaneCmd(palettes: cmd => cmd.RegisterPalette(ClusterCommands.Palette));
});

try
{
    await builder.Build().RunAsync();
}
catch (Exception e) when (e is ArgumentException or ConfigurationException or InvalidOperationException)
{
    Console.Error.WriteLine($"kane-seed: {e.Message}");
    return 2;
}
return Environment.ExitCode;
