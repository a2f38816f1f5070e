using Kane.Actor;
using Kane.Cluster.Sharding.Allocation;
using Kane.Hosting;

namespace Kane.Cluster.Sharding;

/// <summary>Hosting options of one sharded entity type; unset values come from <c>kane.cluster.sharding</c>.</summary>
public sealed record ShardRegionOptions
{
    /// <summary>The role that hosts the entities; null = <c>kane.cluster.sharding.role</c>.</summary>
    public string? Role { get; init; }

    /// <summary>Null = <c>kane.cluster.sharding.remember-entities</c>.</summary>
    public bool? RememberEntities { get; init; }

    /// <summary>What entities get to stop in a hand-off; null = <see cref="PoisonPill"/>.</summary>
    public object? HandOffStopMessage { get; init; }

    /// <summary>Null = <see cref="LeastShardAllocationStrategy"/> with the configured limits.</summary>
    public IShardAllocationStrategy? AllocationStrategy { get; init; }

    internal ClusterShardingSettings Settings(ActorSystem system)
    {
        var s = ClusterShardingSettings.FromConfig(system.Settings.Config);
        if (Role is not null) s = s with { Role = Role };
        if (RememberEntities is { } remember) s = s with { RememberEntities = remember };
        return s.Validate();
    }
}

/// <summary>Sharded entity types for a system run by <c>services.AddKane(...)</c> (after WithClustering).</summary>
public static class ShardingHostingExtensions
{
    /// <summary>Starts the region of <paramref name="typeName"/> and registers it under <typeparamref name="TKey"/>.</summary>
    public static KaneConfigurationBuilder WithShardRegion<TKey>(this KaneConfigurationBuilder builder, string typeName,
        Func<string, Props> entityPropsFactory, IMessageExtractor extractor, ShardRegionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(entityPropsFactory);
        ArgumentNullException.ThrowIfNull(extractor);
        options ??= new ShardRegionOptions();
        return builder.WithActors((system, registry) => registry.Register<TKey>(
            ClusterSharding.Get(system).Start(typeName, entityPropsFactory, options.Settings(system), extractor, options.AllocationStrategy, options.HandOffStopMessage)));
    }

    /// <summary>Starts a proxy region of <paramref name="typeName"/> (entities on nodes with <paramref name="role"/>) and registers it under <typeparamref name="TKey"/>.</summary>
    public static KaneConfigurationBuilder WithShardRegionProxy<TKey>(this KaneConfigurationBuilder builder, string typeName, string? role, IMessageExtractor extractor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(extractor);
        return builder.WithActors((system, registry) => registry.Register<TKey>(ClusterSharding.Get(system).StartProxy(typeName, role, extractor)));
    }
}
