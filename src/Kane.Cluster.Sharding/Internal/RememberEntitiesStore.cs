using Kane.Actor;
using Kane.Persistence;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// The entities a shard has started, event-sourced under <c>/sharding/TYPEShard/SHARD</c>: recovers them for the
/// shard (wherever it starts), then journals starts and passivations in the order the shard reports them.
/// </summary>
internal sealed class RememberEntitiesStore : ReceivePersistentActor
{
    private readonly HashSet<string> _entities = new(StringComparer.Ordinal);

    public RememberEntitiesStore(string typeName, string shardId)
    {
        PersistenceId = $"/sharding/{typeName}Shard/{shardId}";
        Recover<EntityStarted>(e => _entities.Add(e.EntityId));
        Recover<EntityStopped>(e => _entities.Remove(e.EntityId));
        Recover<RecoveryCompleted>(_ => Context.Parent.Tell(new RememberedEntities([.. _entities])));
        Command<RememberStart>(m => PersistAsync(new EntityStarted(m.EntityId), e => _entities.Add(e.EntityId)));
        Command<RememberStop>(m => PersistAsync(new EntityStopped(m.EntityId), e => _entities.Remove(e.EntityId)));
        Command<FlushStore>(_ => DeferAsync(StoreFlushed.Instance, f => Context.Parent.Tell(f)));
    }

    public override string PersistenceId { get; }
}
