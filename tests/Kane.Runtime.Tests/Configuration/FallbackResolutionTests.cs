using Kane.Configuration;

namespace Kane.Runtime.Tests.Configuration;

/// <summary>A document resolved against a separately parsed fallback, as an application file is against reference.conf.</summary>
public sealed class FallbackResolutionTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static Config Fallback(string text) => ConfigurationFactory.ParseString(text, "fallback.conf", NoEnvironment);

    private static Config Parse(string text, string fallback, Func<string, string?>? environment = null) =>
        ConfigurationFactory.ParseString(text, HoconTest.Origin, Fallback(fallback), environment ?? NoEnvironment);

    private static string Json(string text, string fallback, Func<string, string?>? environment = null) =>
        Parse(text, fallback, environment).ToJson(indented: false);

    [Fact]
    public void A_substitution_the_document_lacks_takes_the_fallback_value_and_only_the_document_is_returned()
    {
        Assert.Equal(
            """{"my":{"timeout":"5s"}}""",
            Json("my.timeout = ${kane.ask-timeout}", "kane { ask-timeout = 5s, other = 1 }"));
    }

    [Theory]
    [InlineData("a = 1, b = ${a}", """{"a":1,"b":1}""")]
    [InlineData("b = ${a}, a = 3", """{"b":3,"a":3}""")]
    [InlineData("a = 1, b = ${a}, a = 4", """{"a":4,"b":4}""")]
    public void The_documents_own_final_value_wins_over_the_fallback(string hocon, string json) =>
        Assert.Equal(json, Json(hocon, "a = 2"));

    [Fact]
    public void The_fallback_wins_over_the_environment_and_the_environment_is_the_last_resort()
    {
        Func<string, string?> environment = name => name is "HOME" or "USER" ? "from-env" : null;
        Assert.Equal(
            """{"h":"from-fallback","u":"from-env"}""",
            Json("h = ${HOME}, u = ${USER}", "HOME = from-fallback", environment));
    }

    [Fact]
    public void An_optional_substitution_missing_everywhere_leaves_the_field_out() =>
        Assert.Equal("""{"a":1}""", Json("a = 1, b = ${?nowhere}", "c = 2"));

    [Fact]
    public void A_substitution_missing_everywhere_names_its_position()
    {
        var error = Assert.Throws<ConfigurationException>(() => Parse("a = 1\nb = ${kane.nope}", "kane.x = 1"));
        Assert.Equal("could not resolve substitution ${kane.nope} at test.conf:2:5", error.Message);
        Assert.Equal((HoconTest.Origin, 2, 5, "kane.nope"), (error.Origin, error.Line, error.Column, error.Path));
    }

    [Theory]
    [InlineData("list = ${list} [b]", """{"list":["a","b"]}""")]
    [InlineData("list += b", """{"list":["a","b"]}""")]
    [InlineData("list = ${list} [b]\nlist += c", """{"list":["a","b","c"]}""")]
    [InlineData("path = ${path}\":/bin\"", """{"path":"/usr:/bin"}""")]
    [InlineData("o = ${o} { z = 3 }", """{"o":{"x":1,"y":2,"z":3}}""")]
    public void A_self_reference_extends_the_fallback_value(string hocon, string json) =>
        Assert.Equal(json, Json(hocon, "list = [a], path = /usr, o { x = 1, y = 2 }"));

    [Fact]
    public void A_lookup_sees_the_document_merged_over_the_fallback()
    {
        Assert.Equal(
            """{"o":{"y":3},"copy":{"x":1,"y":3}}""",
            Json("o.y = 3\ncopy = ${o}", "o { x = 1, y = 2 }"));
    }

    [Fact]
    public void Null_in_the_document_hides_the_fallback_from_lookups()
    {
        Assert.Equal("""{"o":null}""", Json("o = null\nv = ${?o.x}", "o { x = 1 }"));
    }

    [Fact]
    public void Fallback_values_that_were_resolved_stay_as_they_were()
    {
        Assert.Equal("""{"base":2,"d":1}""", Json("base = 2\nd = ${derived}", "base = 1, derived = ${base}"));
    }

    [Fact]
    public void Concatenation_errors_name_the_fallback_origin()
    {
        var error = Assert.Throws<ConfigurationException>(() => Parse("o = ${o} text", "o { x = 1 }"));
        Assert.Equal("test.conf:1:5: cannot concatenate an object (defined at fallback.conf:1:3) with string 'text' (defined at test.conf:1:10)", error.Message);
        Assert.Equal((1, 5), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_file_resolves_against_the_fallback_too()
    {
        var dir = Directory.CreateTempSubdirectory("kane-hocon-").FullName;
        try
        {
            var path = Path.Combine(dir, "app.conf");
            File.WriteAllText(path, "t = ${kane.t}\nl += 2");
            var config = ConfigurationFactory.ParseFile(path, Fallback("kane.t = 3s, l = [1]"), NoEnvironment);
            Assert.Equal("""{"t":"3s","l":[1,2]}""", config.ToJson(indented: false));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void KaneReference_parse_lets_a_user_file_refer_to_the_defaults_and_returns_it_over_them()
    {
        var config = KaneReference.Parse("my.timeout = ${kane.actor.ask-timeout}\nkane.actor.ask-timeout = 3s\nold = ${kane.actor.stash-capacity}", "app.conf");
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan("my.timeout"));
        Assert.Equal(KaneReference.Config.GetInt("kane.actor.stash-capacity"), config.GetInt("old"));
        Assert.Equal(
            KaneReference.Config.GetInt("kane.actor.default-dispatcher.throughput"),
            config.GetInt("kane.actor.default-dispatcher.throughput"));
    }

    [Fact]
    public void KaneReference_parse_extends_a_default_list()
    {
        const string phase = "kane.coordinated-shutdown.phases.service-stop.depends-on";
        var config = KaneReference.Parse(phase + " += my-phase");
        Assert.Equal([.. KaneReference.Config.GetStringList(phase), "my-phase"], config.GetStringList(phase));
    }

    [Fact]
    public void KaneReference_parse_reports_what_is_missing_from_both()
    {
        var error = Assert.Throws<ConfigurationException>(() => KaneReference.Parse("x = ${kane.actor.no-such-setting}", "app.conf"));
        Assert.Equal("could not resolve substitution ${kane.actor.no-such-setting} at app.conf:1:5", error.Message);
    }

    [Fact]
    public void KaneReference_load_reads_a_file_over_the_defaults()
    {
        var dir = Directory.CreateTempSubdirectory("kane-hocon-").FullName;
        try
        {
            var path = Path.Combine(dir, "app.conf");
            File.WriteAllText(path, "my.timeout = ${kane.actor.ask-timeout}");
            var config = KaneReference.Load(path);
            Assert.Equal(KaneReference.Config.GetTimeSpan("kane.actor.ask-timeout"), config.GetTimeSpan("my.timeout"));
            Assert.True(config.HasPath("kane.actor.stash-capacity"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
