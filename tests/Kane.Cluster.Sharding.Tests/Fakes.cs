using System.Collections.Immutable;
using Kane.Actor;

namespace Kane.Cluster.Sharding.Tests;

/// <summary>A region reference with a path and nothing behind it: the pure code only compares and names them.</summary>
internal sealed class FakeRef(string name, int port = 2552) : ActorRefBase
{
    public override ActorPath Path { get; } = (ActorPath.Root(new Address("kane.tcp", "kane", "10.0.0.1", port)) / "system" / "sharding" / name).WithUid(port);

    public override void Tell(object message, IActorRef? sender) { }
}

internal static class Fakes
{
    public static Member Member(int port, MemberStatus status = MemberStatus.Up, string version = "1.0.0") =>
        new(new UniqueAddress(new Address("kane.tcp", "kane", "10.0.0.1", port), port), status, ImmutableSortedSet<string>.Empty, version, port);

    public static Allocation.RegionEntry Region(int port, IEnumerable<string> shards, MemberStatus status = MemberStatus.Up, string version = "1.0.0") =>
        new(new FakeRef("orders", port), Member(port, status, version), [.. shards]);

    public static IEnumerable<string> Shards(int from, int count) => Enumerable.Range(from, count).Select(i => $"s{i:D3}");
}
