using Kane.Actor;
using Kane.Persistence.Serialization;
using Kane.Persistence.Snapshot;

namespace Kane.Persistence.Internal;

/// <summary>Front of an <see cref="ISnapshotStore"/>: serializes through the registry, calls through a circuit breaker, replies.</summary>
internal sealed class SnapshotStoreActor : ReceiveActor
{
    public SnapshotStoreActor(ISnapshotStore store, EventSerializerRegistry serializers, PersistenceSettings settings)
    {
        var breaker = new CircuitBreaker("snapshot store", settings.SnapshotCircuitBreaker, Context.System.Scheduler.TimeProvider);
        Receive<LoadSnapshot>(l => _ = Run(async () =>
        {
            var row = await breaker.CallAsync(ct => store.LoadAsync(l.PersistenceId, l.Criteria, ct)).ConfigureAwait(false);
            var offer = row is null ? null : new SnapshotOffer(row.Metadata, serializers.Deserialize(row.Manifest, row.SerializerId, row.Payload));
            l.Actor.Tell(new LoadSnapshotResult(offer, l.InstanceId));
        }, e => l.Actor.Tell(new LoadSnapshotFailed(e, l.InstanceId))));
        Receive<SaveSnapshotRequest>(s => _ = Run(async () =>
        {
            var (manifest, serializerId, payload) = serializers.Serialize(s.Snapshot);
            await breaker.CallAsync(ct => store.SaveAsync(new SnapshotRow(s.Metadata, manifest, serializerId, payload), ct)).ConfigureAwait(false);
            s.Actor.Tell(new SaveSnapshotSuccess(s.Metadata));
        }, e => s.Actor.Tell(new SaveSnapshotFailure(s.Metadata, e))));
        Receive<DeleteSnapshotsRequest>(d => _ = Run(async () =>
        {
            await breaker.CallAsync(ct => store.DeleteAsync(d.PersistenceId, d.Criteria, ct)).ConfigureAwait(false);
            d.Actor.Tell(new DeleteSnapshotsSuccess(d.Criteria));
        }, e => d.Actor.Tell(new DeleteSnapshotsFailure(d.Criteria, e))));
    }

    private static async Task Run(Func<Task> work, Action<Exception> onFailure)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            onFailure(e);
        }
    }
}
