using Kane.Actor;
using Kane.Actor.Internal;

namespace Kane.Runtime.Tests.Actor.Internal;

public sealed class ChildRegistrySpec : TestKit.TestKit
{
    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(40)]
    public void Children_are_found_by_name_and_removed_only_by_their_own_incarnation(int count)
    {
        var registry = new ChildRegistry();
        var children = Enumerable.Range(0, count).Select(i => (LocalActorRef)Sys.ActorOf(Props.Create<EchoActor>(), "c" + i)).ToList();
        foreach (var c in children) Assert.True(registry.TryAdd(c));
        Assert.False(registry.TryAdd(children[0]));
        Assert.Equal(count, registry.Count);
        Assert.Same(children[count - 1], registry.Get("c" + (count - 1)));
        Assert.Null(registry.Get("missing"));

        Assert.False(registry.Remove(new PathOnlyRef(children[0].Path.WithUid(children[0].Path.Uid + 1))));
        Assert.True(registry.Remove(new PathOnlyRef(children[0].Path)));
        Assert.Null(registry.Get("c0"));
        Assert.Equal(count - 1, registry.Count);
        Assert.Equal(children.Skip(1).Select(c => c.Path.Name).Order(), registry.ToArray().Select(c => c.Path.Name).Order());
        Assert.True(registry.Remove(children[1]));
        Assert.Null(registry.Get("c1"));
    }

    /// <summary>A ref equal by path and uid to a registered child but not the same object.</summary>
    private sealed class PathOnlyRef(ActorPath path) : ActorRefBase
    {
        public override ActorPath Path => path;

        public override void Tell(object message, IActorRef? sender) { }
    }
}
