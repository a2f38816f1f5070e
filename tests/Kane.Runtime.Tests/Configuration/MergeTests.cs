namespace Kane.Runtime.Tests.Configuration;

public sealed class MergeTests
{
    [Theory]
    [InlineData("a { x = 1 }, a { y = 2 }", """{"a":{"x":1,"y":2}}""")]
    [InlineData("a { x = 1, z { p = 1 } }, a { x = 3, z { q = 2 } }", """{"a":{"x":3,"z":{"p":1,"q":2}}}""")]
    [InlineData("a = 1, a = 2", """{"a":2}""")]
    [InlineData("a { x = 1 }, a = 5", """{"a":5}""")]
    [InlineData("a = 5, a { y = 2 }", """{"a":{"y":2}}""")]
    [InlineData("a { x = 1 }, a = 5, a { y = 2 }", """{"a":{"y":2}}""")]
    [InlineData("a { x = 1 }, a = null, a { y = 2 }", """{"a":{"y":2}}""")]
    [InlineData("a = [1], a = [2]", """{"a":[2]}""")]
    [InlineData("a.b = 1, a { c = 2 }, a.d = 3", """{"a":{"b":1,"c":2,"d":3}}""")]
    public void Duplicate_keys_merge_objects_and_replace_everything_else(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Fact]
    public void WithFallback_merges_deeply_with_the_receiver_winning()
    {
        var app = HoconTest.Parse("a { x = 1 }, b = 2");
        var reference = HoconTest.Parse("a { x = 0, y = 9 }, b = 0, c = 3");
        Assert.Equal("""{"a":{"x":1,"y":9},"b":2,"c":3}""", app.WithFallback(reference).ToJson(false));
    }

    [Fact]
    public void WithFallback_non_object_hides_objects_further_down_the_chain()
    {
        var first = HoconTest.Parse("a { x = 1 }");
        var second = HoconTest.Parse("a = 42");
        var third = HoconTest.Parse("a { y = 2 }");
        Assert.Equal("""{"a":{"x":1}}""", first.WithFallback(second).WithFallback(third).ToJson(false));
        Assert.Equal("""{"a":{"y":2,"x":1}}""", first.WithFallback(third).WithFallback(second).ToJson(false));
    }

    [Fact]
    public void WithFallback_leaves_both_inputs_unchanged()
    {
        var app = HoconTest.Parse("a { x = 1 }");
        var reference = HoconTest.Parse("a { y = 2 }");
        _ = app.WithFallback(reference);
        Assert.Equal("""{"a":{"x":1}}""", app.ToJson(false));
        Assert.Equal("""{"a":{"y":2}}""", reference.ToJson(false));
    }

    [Fact]
    public void WithFallback_on_empty_configs_returns_the_other_side()
    {
        var app = HoconTest.Parse("a = 1");
        Assert.Equal("""{"a":1}""", Kane.Configuration.Config.Empty.WithFallback(app).ToJson(false));
        Assert.Same(app, app.WithFallback(Kane.Configuration.ConfigurationFactory.Empty));
    }

    [Fact]
    public void An_object_that_replaced_a_non_object_in_its_file_hides_fallbacks()
    {
        var app = HoconTest.Parse("a = 5\na { y = 2 }");
        var reference = HoconTest.Parse("a { z = 1 }");
        Assert.Equal("""{"a":{"y":2}}""", app.WithFallback(reference).ToJson(false));
    }

    [Fact]
    public void A_substituted_object_merges_normally_even_if_its_source_replaced_a_value()
    {
        Assert.Equal("""{"x":{"a":1},"y":{"b":2,"a":1}}""", HoconTest.Json("x = 5, x { a = 1 }, y { b = 2 }, y = ${x}"));
    }
}
