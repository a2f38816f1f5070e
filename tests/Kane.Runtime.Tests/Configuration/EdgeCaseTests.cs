using Kane.Configuration;

namespace Kane.Runtime.Tests.Configuration;

public sealed class EdgeCaseTests
{
    [Theory]
    [InlineData("a = 1\r\nb = foo bar\r\n", """{"a":1,"b":"foo bar"}""")]
    [InlineData("a = [1, # one\n 2 // two\n]", """{"a":[1,2]}""")]
    [InlineData("a = [1 2]", """{"a":["1 2"]}""")]
    [InlineData("a = [ include ]", """{"a":["include"]}""")]
    [InlineData("x = 1, a = [{ b = ${x} }]", """{"x":1,"a":[{"b":1}]}""")]
    [InlineData("a { b { c = 1 } }, d = ${a.b} { e = 2 }", """{"a":{"b":{"c":1}},"d":{"c":1,"e":2}}""")]
    [InlineData("a = \"\"\"\"\"\"", """{"a":""}""")]
    [InlineData("a = ${ \"b\" }, b = 1", """{"a":1,"b":1}""")]
    [InlineData("\uFEFFa = 1", """{"a":1}""")]
    public void Assorted_syntax(string hocon, string json) => Assert.Equal(json, HoconTest.Json(hocon));

    [Fact]
    public void Many_appends_resolve()
    {
        var text = string.Join("\n", Enumerable.Range(0, 300).Select(i => $"a += {i}"));
        Assert.Equal(Enumerable.Range(0, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), HoconTest.Parse(text).GetStringList("a"));
    }

    [Fact]
    public void A_shared_object_substituted_many_times_resolves_once_per_site()
    {
        var text = "base { x = 1, y = ${base.x} }\n" + string.Join("\n", Enumerable.Range(0, 200).Select(i => $"d{i} = ${{base}} {{ z = {i} }}"));
        var config = HoconTest.Parse(text);
        Assert.Equal(199, config.GetInt("d199.z"));
        Assert.Equal(1, config.GetInt("d199.y"));
    }

    [Fact]
    public void Url_and_classpath_includes_are_rejected_clearly()
    {
        var error = HoconTest.Error("include url(\"http://example.com/a.conf\")");
        Assert.Equal("test.conf:1:1: include url(...) is not supported; only files can be included", error.Message);
    }

    [Fact]
    public void Values_render_as_json_on_their_own()
    {
        var value = HoconTest.Parse("a { b = [1, \"x\"] }").GetValue("a")!;
        Assert.Equal("""{"b":[1,"x"]}""", value.ToJson(indented: false));
        Assert.Equal("""{"b":[1,"x"]}""", value.ToString());
    }

    [Fact]
    public void Objects_expose_their_fields_in_order()
    {
        var root = HoconTest.Parse("z = 1, a = 2, m = 3").Root;
        Assert.Equal(["z", "a", "m"], root.Keys);
        Assert.Equal("2", Assert.IsType<HoconScalar>(root["a"]).Text);
        Assert.Equal(3, root.Count);
    }

    [Fact]
    public void Origin_defaults_to_string_and_null_environment_uses_the_process_environment()
    {
        var name = "KANE_HOCON_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            Assert.Equal("from-env", ConfigurationFactory.ParseString($"a = ${{{name}}}").GetString("a"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
