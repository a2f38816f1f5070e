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

    [Fact]
    public async Task A_child_path_made_on_first_use_is_the_parent_path_with_the_name_and_uid()
    {
        var parent = (LocalActorRef)Sys.ActorOf(Props.Create<EchoActor>(), "parent");
        var child = (LocalActorRef)parent.Cell.ActorOf(Props.Create<EchoActor>(), "child");
        Assert.Equal("child", child.Name);
        Assert.NotEqual(0, child.Uid);
        var path = child.Path;
        Assert.Same(path, child.Path);
        Assert.Equal(parent.Path / "child", path);
        Assert.Equal(child.Uid, path.Uid);
        Assert.Equal(child, await Sys.ActorSelection(path.ToString()).ResolveOne(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_local_ref_equals_another_kind_of_ref_with_its_path_and_uid_and_not_another_incarnation()
    {
        var a = (LocalActorRef)Sys.ActorOf(Props.Create<EchoActor>(), "eq");
        Assert.True(a.Equals(new PathOnlyRef(a.Path)));
        Assert.True(new PathOnlyRef(a.Path).Equals(a));
        Assert.False(a.Equals(new PathOnlyRef(a.Path.WithUid(a.Uid + 1))));
        var b = (LocalActorRef)Sys.ActorOf(Props.Create<EchoActor>(), "eq2");
        Assert.False(a.Equals(b));
        Assert.True(a.Equals(a));
    }

    /// <summary>A ref equal by path and uid to a registered child but not the same object.</summary>
    private sealed class PathOnlyRef(ActorPath path) : ActorRefBase
    {
        public override ActorPath Path => path;

        public override void Tell(object message, IActorRef? sender) { }
    }
}
