using Kane.Actor;
using Kane.Hosting.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Kane.Hosting;

/// <summary>Creates the host's actor system once, from the builder, IConfiguration and the host's logger factory.</summary>
internal sealed class KaneRuntime(string systemName, Action<KaneConfigurationBuilder, IServiceProvider> configure, IServiceProvider services)
{
    private readonly Lazy<(ActorSystem System, KaneConfigurationBuilder Builder)> _system = new(() =>
    {
        var builder = new KaneConfigurationBuilder(systemName);
        configure(builder, services);
        var configuration = (IConfiguration?)services.GetService(typeof(IConfiguration));
        var config = configuration is null ? builder.Hocon : ConfigurationBridge.ToConfig(configuration, builder.Hocon);
        var settings = ActorSystemSettings.FromConfig(config);
        if (services.GetService(typeof(ILoggerFactory)) is ILoggerFactory loggerFactory) settings = settings with { LoggerFactory = loggerFactory };
        // The host owns SIGTERM: it stops the hosted service, which runs coordinated shutdown once.
        settings = settings with { CoordinatedShutdown = settings.CoordinatedShutdown with { RunByClrShutdownHook = false } };
        settings = builder.ApplySettings(settings).Validate();
        return (ActorSystem.Create(systemName, settings), builder);
    });

    public ActorSystem System => _system.Value.System;

    public KaneConfigurationBuilder Builder => _system.Value.Builder;
}
