using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Kane.Actor;
using Kane.Remote;

namespace Kane.Cluster.Sharding.Tests;

/// <summary>The <paramref name="Seq"/>th message for entity <paramref name="Entity"/> (crosses nodes under a tag like any user message).</summary>
public sealed record Hit(string Entity, int Seq);

/// <summary>Asks the entity to passivate itself.</summary>
public sealed record PassivateMe(string Entity);

/// <summary>Makes the entity stop itself without passivating (as a failure would).</summary>
public sealed record Halt(string Entity);

[JsonSerializable(typeof(Hit))]
[JsonSerializable(typeof(Halt))]
[JsonSerializable(typeof(PassivateMe))]
public sealed partial class TestJsonContext : JsonSerializerContext;

/// <summary>The hand-off (and passivation) stop message of the specs: local only.</summary>
public sealed record StopEntity
{
    public static readonly StopEntity Instance = new();
}

public sealed class HitExtractor(int shards = 30) : HashCodeMessageExtractor(shards)
{
    public override string? EntityId(object message) => message switch
    {
        Hit h => h.Entity,
        PassivateMe p => p.Entity,
        Halt h => h.Entity,
        _ => null,
    };
}

internal static class TestMessages
{
    public static void Register(ActorSystem system) =>
        system.Transport().Settings.Serialization
            .AddJson("test.hit", TestJsonContext.Default.Hit)
            .AddJson("test.passivate-me", TestJsonContext.Default.PassivateMe)
            .AddJson("test.halt", TestJsonContext.Default.Halt);
}

/// <summary>What the entities of one spec received and where they ran, shared by the in-process nodes.</summary>
public sealed class EntitySink
{
    private int _total;

    public ConcurrentDictionary<string, ConcurrentQueue<(int Seq, Address Node)>> Received { get; } = new();

    public ConcurrentDictionary<string, ConcurrentQueue<Address>> Starts { get; } = new();

    public ConcurrentDictionary<string, int> Stops { get; } = new();

    public ConcurrentDictionary<string, bool> AskedToPassivate { get; } = new();

    public int Total => Volatile.Read(ref _total);

    public int StartsOf(string entity) => Starts.TryGetValue(entity, out var q) ? q.Count : 0;

    internal void Record(string entity, int seq, Address node)
    {
        Received.GetOrAdd(entity, _ => new()).Enqueue((seq, node));
        Interlocked.Increment(ref _total);
    }

    internal void Started(string entity, Address node) => Starts.GetOrAdd(entity, _ => new()).Enqueue(node);

    internal void Stopped(string entity) => Stops.AddOrUpdate(entity, 1, (_, n) => n + 1);

    /// <summary>Every entity got exactly 1..<paramref name="count"/>, in order (the message when not).</summary>
    public string? CheckExactlyOnceInOrder(IEnumerable<string> entities, int count)
    {
        foreach (var e in entities)
        {
            var seqs = Received.TryGetValue(e, out var q) ? q.Select(x => x.Seq).ToList() : [];
            if (!seqs.SequenceEqual(Enumerable.Range(1, count)))
                return $"entity {e} got [{string.Join(",", seqs.Take(40))}{(seqs.Count > 40 ? ",..." : "")}] ({seqs.Count} messages), expected 1..{count}";
        }
        return null;
    }
}

/// <summary>Records every Hit in the sink; passivates on PassivateMe; stops on StopEntity.</summary>
public sealed class RecordingEntity : ReceiveActor
{
    private readonly string _id;
    private readonly EntitySink _sink;

    public RecordingEntity(string id, EntitySink sink)
    {
        _id = id;
        _sink = sink;
        var node = Cluster.Get(Context.System).SelfAddress;
        Receive<Hit>(h => _sink.Record(_id, h.Seq, node));
        Receive<PassivateMe>(_ =>
        {
            Context.Parent.Tell(new Passivate(StopEntity.Instance));
            _sink.AskedToPassivate[_id] = true;
        });
        Receive<StopEntity>(_ => Context.Stop(Self));
        Receive<Halt>(_ => Context.Stop(Self));
    }

    protected override void PreStart() => _sink.Started(_id, Cluster.Get(Context.System).SelfAddress);

    protected override void PostStop() => _sink.Stopped(_id);
}
