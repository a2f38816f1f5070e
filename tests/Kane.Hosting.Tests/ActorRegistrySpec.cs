using Kane.Actor;

namespace Kane.Hosting.Tests;

public sealed class ActorRegistrySpec : TestKit.TestKit
{
    private sealed class Workers;

    private sealed class Missing;

    [Fact]
    public void A_registered_actor_is_returned_by_its_key_type()
    {
        var registry = new ActorRegistry();
        registry.Register<Workers>(TestActor);
        Assert.Equal(TestActor, registry.Get<Workers>());
        Assert.True(registry.TryGet<Workers>(out var found));
        Assert.Equal(TestActor, found);
    }

    [Fact]
    public void A_key_names_one_actor()
    {
        var registry = new ActorRegistry();
        registry.Register<Workers>(TestActor);
        Assert.False(registry.TryRegister<Workers>(Sys.DeadLetters));
        var e = Assert.Throws<InvalidOperationException>(() => registry.Register<Workers>(Sys.DeadLetters));
        Assert.Contains("Workers", e.Message);
    }

    [Fact]
    public void A_missing_key_fails_listing_what_is_registered()
    {
        var registry = new ActorRegistry();
        registry.Register<Workers>(TestActor);
        var e = Assert.Throws<KeyNotFoundException>(() => registry.Get<Missing>());
        Assert.Contains("Missing", e.Message);
        Assert.Contains("Workers", e.Message);
    }

    [Fact]
    public async Task GetAsync_waits_for_the_registration()
    {
        var registry = new ActorRegistry();
        var pending = registry.GetAsync<Workers>();
        Assert.False(pending.IsCompleted);
        registry.Register<Workers>(TestActor);
        Assert.Equal(TestActor, await pending.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
