using System.Globalization;
using System.Text;
using Kane.Actor;
using Kane.Actor.Internal;
using Kane.Remote;
using Kane.Remote.Serialization;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>Serialization tags of the sharding protocol, the envelope's wire form, actor names and paths.</summary>
internal static class ShardingWire
{
    /// <summary>Registers the tags (idempotent).</summary>
    public static void Register(SerializationRegistry registry)
    {
        var c = ShardingWireJsonContext.Default;
        registry.AddJson("kane.sharding.register", c.Register)
            .AddJson("kane.sharding.register-proxy", c.RegisterProxy)
            .AddJson("kane.sharding.register-ack", c.RegisterAck)
            .AddJson("kane.sharding.get-shard-home", c.GetShardHome)
            .AddJson("kane.sharding.shard-home", c.ShardHome)
            .AddJson("kane.sharding.shard-home-unavailable", c.ShardHomeUnavailable)
            .AddJson("kane.sharding.host-shard", c.HostShard)
            .AddJson("kane.sharding.shard-started", c.ShardStarted)
            .AddJson("kane.sharding.begin-hand-off", c.BeginHandOff)
            .AddJson("kane.sharding.begin-hand-off-ack", c.BeginHandOffAck)
            .AddJson("kane.sharding.hand-off-fence", c.HandOffFence)
            .AddJson("kane.sharding.hand-off", c.HandOff)
            .AddJson("kane.sharding.shard-stopped", c.ShardStopped)
            .AddJson("kane.sharding.graceful-shutdown-req", c.GracefulShutdownReq)
            .AddJson("kane.sharding.get-region-paths", c.GetRegionPaths)
            .AddJson("kane.sharding.region-paths", c.RegionPaths)
            .AddJson("kane.sharding.envelope", c.WireShardEnvelope)
            .AddJson("kane.sharding.start-entity", c.StartEntity)
            .AddJson("kane.sharding.start-entity-ack", c.StartEntityAck)
            .AddJson("kane.sharding.get-current-regions", c.GetCurrentRegions)
            .AddJson("kane.sharding.current-regions", c.CurrentRegions)
            .AddJson("kane.sharding.get-region-stats", c.GetShardRegionStats)
            .AddJson("kane.sharding.region-stats", c.ShardRegionStats)
            .AddJson("kane.sharding.get-region-state", c.GetShardRegionState)
            .AddJson("kane.sharding.region-state", c.CurrentShardRegionState)
            .AddJson("kane.sharding.get-cluster-stats", c.GetClusterShardingStats)
            .AddJson("kane.sharding.cluster-stats", c.ClusterShardingStats);
    }

    /// <summary>The envelope with its payload serialized by the payload's own registered binding.</summary>
    /// <exception cref="NotSupportedException">The payload's type has no serialization tag.</exception>
    public static WireShardEnvelope ToWire(ActorSystem system, ShardEnvelope envelope)
    {
        if (!system.Transport().Settings.Serialization.TryGet(envelope.Message.GetType(), out var binding))
            throw new NotSupportedException($"no serialization tag is registered for {envelope.Message.GetType().FullName}, the payload of a ShardEnvelope for entity {envelope.EntityId}");
        return new WireShardEnvelope(envelope.EntityId, binding.Tag, binding.SerializerId, binding.Write(envelope.Message).ToArray());
    }

    /// <summary>The envelope back, or null when the payload's tag is unknown here.</summary>
    public static ShardEnvelope? FromWire(ActorSystem system, WireShardEnvelope wire) =>
        system.Transport().Settings.Serialization.TryGet(wire.Tag, out var binding) && binding.SerializerId == wire.SerializerId
            ? new ShardEnvelope(wire.EntityId, binding.Read(wire.Data))
            : null;

    public static string PathOf(IActorRef actor) => actor.Path.ToSerializationFormat();

    /// <summary>The actor at a path in serialization format (dead letters when the path does not parse or nothing lives there).</summary>
    public static IActorRef Resolve(ActorSystem system, string path) =>
        ActorPath.TryParse(path, out var parsed) ? ((ActorSystemImpl)system).ResolveActorRef(parsed) : system.DeadLetters;

    /// <summary>
    /// An actor name for an entity or shard id: characters actor names do not allow (and '~', and a leading '$')
    /// become ~XXXX, so distinct ids give distinct names and no name starts with '$'. Names of the form "~word"
    /// (not four hex digits) are left for the shard's own children.
    /// </summary>
    public static string ActorName(string id)
    {
        if (id.Length > 0 && IsPlain(id)) return id;
        var b = new StringBuilder(id.Length + 8);
        if (id.Length == 0) return "~0000";
        foreach (var ch in id)
        {
            if (IsPlain(ch) && !(b.Length == 0 && ch == '$')) b.Append(ch);
            else b.Append('~').Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
        }
        return b.ToString();
    }

    // A loop, not LINQ's All: this runs for every entity started, and All enumerates a string through a boxed enumerator.
    private static bool IsPlain(string id)
    {
        foreach (var c in id)
            if (!IsPlain(c)) return false;
        return true;
    }

    private static bool IsPlain(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || "-_.*+:@&=,!';()".Contains(c);
}
