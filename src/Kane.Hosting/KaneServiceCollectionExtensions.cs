using Kane.Actor;
using Microsoft.Extensions.DependencyInjection;

namespace Kane.Hosting;

/// <summary><c>services.AddKane(...)</c>: an actor system as a hosted service of the .NET Generic Host.</summary>
public static class KaneServiceCollectionExtensions
{
    /// <summary>
    /// Runs an actor system named <paramref name="systemName"/> with the host. <paramref name="configure"/> adds HOCON,
    /// settings and the actors to start; the system, the <see cref="ActorRegistry"/> and
    /// <see cref="IRequiredActor{TKey}"/> become injectable.
    /// </summary>
    /// <exception cref="InvalidOperationException">AddKane was called twice on the same services.</exception>
    public static IServiceCollection AddKane(this IServiceCollection services, string systemName, Action<KaneConfigurationBuilder, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(KaneRuntime)))
            throw new InvalidOperationException("AddKane was already called: a host runs one actor system. Configure everything in one AddKane call.");
        services.AddSingleton(sp => new KaneRuntime(systemName, configure, sp));
        services.AddSingleton(sp => sp.GetRequiredService<KaneRuntime>().System);
        services.AddSingleton<ActorRegistry>();
        services.AddSingleton(typeof(IRequiredActor<>), typeof(RequiredActor<>));
        services.AddHostedService<KaneHostedService>();
        return services;
    }

    /// <summary><see cref="AddKane(IServiceCollection, string, Action{KaneConfigurationBuilder, IServiceProvider})"/> without the provider.</summary>
    public static IServiceCollection AddKane(this IServiceCollection services, string systemName, Action<KaneConfigurationBuilder> configure) =>
        services.AddKane(systemName, (b, _) => configure(b));
}
