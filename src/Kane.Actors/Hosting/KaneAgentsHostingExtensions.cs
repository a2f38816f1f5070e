using Kane.Hosting;

namespace Kane.Actors.Hosting;

/// <summary>Kane agents for a system run by <c>services.AddKane(...)</c>, after WithClustering (and the journal).</summary>
public static class KaneAgentsHostingExtensions
{
    /// <summary>
    /// Starts this node as a worker (<see cref="KaneAgents.Start"/>) with the handlers <paramref name="handlers"/> builds
    /// from the host's services. The node's cluster roles must include <c>kane.agents.role</c>.
    /// </summary>
    public static KaneConfigurationBuilder WithKaneAgents(this KaneConfigurationBuilder builder, Func<IServiceProvider, TaskHandlerRegistry> handlers,
        KaneAgentsSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        return builder.WithActors((system, _, services) => KaneAgents.Start(system, handlers(services), settings));
    }

    /// <summary>Starts proxies only (<see cref="KaneAgents.StartClient"/>): the node submits and queries, as a seed or a CLI host does.</summary>
    public static KaneConfigurationBuilder WithKaneAgentsClient(this KaneConfigurationBuilder builder, KaneAgentsSettings? settings = null) =>
        builder.WithActors((system, _) => KaneAgents.StartClient(system, settings));
}
