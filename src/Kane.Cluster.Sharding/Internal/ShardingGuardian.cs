using Kane.Actor;
using Kane.Cluster.Sharding.Allocation;
using Kane.Cluster.Singleton;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// <c>/system/sharding</c>: starts, per entity type, the coordinator's singleton manager (<c>TYPECoordinator</c>, on
/// nodes with the role), a proxy to it (<c>TYPECoordinatorProxy</c>) and the region (<c>TYPE</c>).
/// </summary>
internal sealed class ShardingGuardian : ReceiveActor
{
    public ShardingGuardian()
    {
        Receive<StartRegion>(start =>
        {
            var name = ShardingWire.ActorName(start.TypeName);
            if (Context.Child(name) is { } existing)
            {
                Sender.Tell(existing);
                return;
            }
            var cluster = Cluster.Get(Context.System);
            var settings = start.Settings;
            var hostsCoordinator = settings.Role is null || cluster.SelfRoles.Contains(settings.Role);
            if (hostsCoordinator && Context.Child(name + "Coordinator") is null)
            {
                var singleton = ClusterSingletonSettings.FromConfig(Context.System.Settings.Config) with { Role = settings.Role, SingletonName = "coordinator" };
                var strategy = start.Strategy;
                var coordinator = Props.Create(() => new ShardCoordinator(start.TypeName, settings, strategy));
                Context.ActorOf(ClusterSingletonManager.Props(coordinator, CoordinatorStop.Instance, singleton), name + "Coordinator");
            }
            var proxySettings = ClusterSingletonProxySettings.FromConfig(Context.System.Settings.Config) with { Role = settings.Role };
            var proxy = Context.Child(name + "CoordinatorProxy")
                ?? Context.ActorOf(ClusterSingletonProxy.Props($"{Self.Path.ToStringWithoutAddress()}/{name}Coordinator", proxySettings), name + "CoordinatorProxy");
            var entityProps = start.EntityProps;
            var region = Context.ActorOf(Props.Create(() => new ShardRegion(start.TypeName, entityProps, settings, start.Extractor,
                start.HandOffStopMessage, proxy, start.Stopped, start.Routing)), name);
            Sender.Tell(region);
        });
    }
}

/// <param name="EntityProps">Null for a proxy region.</param>
internal sealed record StartRegion(string TypeName, Func<string, Props>? EntityProps, ClusterShardingSettings Settings, IMessageExtractor Extractor,
    IShardAllocationStrategy Strategy, object HandOffStopMessage, TaskCompletionSource Stopped, LocalRouting Routing);
