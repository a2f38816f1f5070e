using Kane.Actor;
using Kane.Hosting;

namespace Kane.Cluster.Singleton;

/// <summary>Cluster singletons for a system run by <c>services.AddKane(...)</c> (after WithClustering).</summary>
public static class SingletonHostingExtensions
{
    /// <summary>
    /// Starts the manager of singleton <paramref name="name"/> at <c>/user/NAME</c> and, with
    /// <paramref name="createProxy"/>, a proxy at <c>/user/NAME-proxy</c>; registers the proxy (or, without one, the
    /// manager) under <typeparamref name="TKey"/>.
    /// </summary>
    public static KaneConfigurationBuilder WithSingleton<TKey>(this KaneConfigurationBuilder builder, string name, Props props,
        ClusterSingletonOptions? options = null, bool createProxy = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(props);
        options ??= new ClusterSingletonOptions();
        return builder.WithActors((system, registry) =>
        {
            Cluster.Get(system);
            var manager = system.ActorOf(ClusterSingletonManager.Props(props, options.TerminationMessage, options.Manager(system)), name);
            if (!createProxy)
            {
                registry.Register<TKey>(manager);
                return;
            }
            registry.Register<TKey>(system.ActorOf(ClusterSingletonProxy.Props("/user/" + name, options.Proxy(system)), name + "-proxy"));
        });
    }

    /// <summary>Starts a proxy at <c>/user/NAME-proxy</c> to the singleton whose managers run at <c>/user/NAME</c> (on other nodes or roles) and registers it under <typeparamref name="TKey"/>.</summary>
    public static KaneConfigurationBuilder WithSingletonProxy<TKey>(this KaneConfigurationBuilder builder, string name, ClusterSingletonOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new ClusterSingletonOptions();
        return builder.WithActors((system, registry) =>
        {
            Cluster.Get(system);
            registry.Register<TKey>(system.ActorOf(ClusterSingletonProxy.Props("/user/" + name, options.Proxy(system)), name + "-proxy"));
        });
    }
}
