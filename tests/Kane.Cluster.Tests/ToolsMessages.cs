using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Kane.Actor;
using Kane.Remote;

namespace Kane.Cluster.Tests;

/// <summary>A message of a numbered stream, sent across nodes (registered under a tag like any user message).</summary>
public sealed record Numbered(int N);

/// <summary>A published note.</summary>
public sealed record Note(string Text);

[JsonSerializable(typeof(Numbered))]
[JsonSerializable(typeof(Note))]
public sealed partial class ToolsJsonContext : JsonSerializerContext;

/// <summary>The singleton's termination message in the specs (local only: the manager sends it to its child).</summary>
public sealed record StopSingleton;

/// <summary>What the singletons of one spec saw, shared by the in-process nodes.</summary>
public sealed class SingletonSink
{
    private int _running;

    public ConcurrentQueue<int> Received { get; } = new();

    /// <summary>Each start: the node it started on and the members that node knew at that moment.</summary>
    public ConcurrentQueue<(Address Node, IReadOnlyList<Address> Members)> Starts { get; } = new();

    public int MaxConcurrent { get; private set; }

    public int Running => Volatile.Read(ref _running);

    internal void Started(Address node, IReadOnlyList<Address> members)
    {
        var now = Interlocked.Increment(ref _running);
        lock (this) MaxConcurrent = Math.Max(MaxConcurrent, now);
        Starts.Enqueue((node, members));
    }

    internal void Stopped() => Interlocked.Decrement(ref _running);
}

/// <summary>A singleton that records every Numbered it gets and stops on <see cref="StopSingleton"/>.</summary>
public sealed class RecordingSingleton : ReceiveActor
{
    private readonly SingletonSink _sink;

    public RecordingSingleton(SingletonSink sink)
    {
        _sink = sink;
        Receive<Numbered>(n => _sink.Received.Enqueue(n.N));
        Receive<StopSingleton>(_ => Context.Stop(Self));
    }

    protected override void PreStart()
    {
        var cluster = Cluster.Get(Context.System);
        _sink.Started(cluster.SelfAddress, [.. cluster.State.Members.Select(m => m.Address)]);
    }

    protected override void PostStop() => _sink.Stopped();
}

/// <summary>Forwards everything to a target (a probe), keeping the sender.</summary>
public sealed class ForwardTo : ReceiveActor
{
    public ForwardTo(IActorRef target) => ReceiveAny(m => target.Tell(m, Sender));
}

internal static class ToolsRegistry
{
    public static void Register(params ActorSystem[] systems)
    {
        foreach (var s in systems)
            s.Transport().Settings.Serialization
                .AddJson("test.numbered", ToolsJsonContext.Default.Numbered)
                .AddJson("test.note", ToolsJsonContext.Default.Note);
    }
}
