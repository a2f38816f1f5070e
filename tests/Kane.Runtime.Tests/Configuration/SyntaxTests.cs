namespace Kane.Runtime.Tests.Configuration;

public sealed class SyntaxTests
{
    [Theory]
    [InlineData("a = 1", """{"a":1}""")]
    [InlineData("a : 1", """{"a":1}""")]
    [InlineData("{ a = 1 }", """{"a":1}""")]
    [InlineData("  \n { \"a\" : 1 } \n ", """{"a":1}""")]
    [InlineData("a { b = 1 }", """{"a":{"b":1}}""")]
    [InlineData("a = { b = 1 }", """{"a":{"b":1}}""")]
    [InlineData("a : { b : 1 }", """{"a":{"b":1}}""")]
    [InlineData("", "{}")]
    [InlineData("# only a comment\n// and another", "{}")]
    public void Objects_with_optional_root_braces_and_separators(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Theory]
    [InlineData("a = 1, b = 2", """{"a":1,"b":2}""")]
    [InlineData("a = 1\nb = 2", """{"a":1,"b":2}""")]
    [InlineData("a = 1,\nb = 2,\n", """{"a":1,"b":2}""")]
    [InlineData("{ a = 1, }", """{"a":1}""")]
    [InlineData("a = [1, 2, 3]", """{"a":[1,2,3]}""")]
    [InlineData("a = [1\n2\n3]", """{"a":[1,2,3]}""")]
    [InlineData("a = [\n  1,\n  2,\n]", """{"a":[1,2]}""")]
    [InlineData("a = []", """{"a":[]}""")]
    [InlineData("a = [[1], {b = 2}]", """{"a":[[1],{"b":2}]}""")]
    public void Commas_and_newlines_separate_and_trailing_commas_are_allowed(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Theory]
    [InlineData("a.b.c = 1", """{"a":{"b":{"c":1}}}""")]
    [InlineData("\"a.b\" = 1", """{"a.b":1}""")]
    [InlineData("a.\"b.c\".d = 1", """{"a":{"b.c":{"d":1}}}""")]
    [InlineData("a.x = 1, a.y = 2", """{"a":{"x":1,"y":2}}""")]
    [InlineData("a b c = 1", """{"a b c":1}""")]
    [InlineData("true = 1", """{"true":1}""")]
    [InlineData("3.14 = 1", """{"3":{"14":1}}""")]
    [InlineData("\"\" = 1", """{"":1}""")]
    [InlineData("foo include = 1", """{"foo include":1}""")]
    public void Dotted_keys_nest_and_quoted_keys_stay_whole(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Theory]
    [InlineData("a = foo bar  baz", """{"a":"foo bar  baz"}""")]
    [InlineData("a = foo bar   # comment", """{"a":"foo bar"}""")]
    [InlineData("a = foo // comment", """{"a":"foo"}""")]
    [InlineData("a = hello\"  world\"", """{"a":"hello  world"}""")]
    [InlineData("a = 10s", """{"a":"10s"}""")]
    [InlineData("a = 1 2", """{"a":"1 2"}""")]
    [InlineData("a = true story", """{"a":"true story"}""")]
    [InlineData("a = null", """{"a":null}""")]
    [InlineData("a = /usr/local-bin/x.y_z", """{"a":"/usr/local-bin/x.y_z"}""")]
    [InlineData("a = include", """{"a":"include"}""")]
    [InlineData("a = \"true\"", """{"a":"true"}""")]
    public void Unquoted_strings_and_concatenation_keep_inner_whitespace(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Theory]
    [InlineData("a = 1", """{"a":1}""")]
    [InlineData("a = -12", """{"a":-12}""")]
    [InlineData("a = 9223372036854775807", """{"a":9223372036854775807}""")]
    [InlineData("a = 1.50", """{"a":1.50}""")]
    [InlineData("a = -1.5e+10", """{"a":-1.5e+10}""")]
    [InlineData("a = 2E-3", """{"a":2E-3}""")]
    [InlineData("a = true, b = false", """{"a":true,"b":false}""")]
    public void Numbers_keep_their_original_text_and_booleans_are_typed(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Fact]
    public void Quoted_strings_support_json_escapes()
    {
        var config = HoconTest.Parse("""a = "q\" b\\ s\/ n\n t\t r\r f\f bs\b u\u00e9" """);
        Assert.Equal("q\" b\\ s/ n\n t\t r\r f\f bs\b u\u00e9", config.GetString("a"));
    }

    [Fact]
    public void Triple_quoted_strings_are_raw_and_may_span_lines()
    {
        var config = HoconTest.Parse("a = \"\"\"line \"one\"\n  line \\n two\"\"\"\nb = \"\"\"x\"\"\"\"");
        Assert.Equal("line \"one\"\n  line \\n two", config.GetString("a"));
        Assert.Equal("x\"", config.GetString("b"));
    }

    [Fact]
    public void Json_escapes_are_written_back_out()
    {
        var config = HoconTest.Parse("a = \"x\\ny\\\"z\"");
        Assert.Equal("""{"a":"x\ny\"z"}""", config.ToJson(indented: false));
    }

    [Fact]
    public void Indented_json_uses_two_spaces()
    {
        var config = HoconTest.Parse("a { b = [1, 2] }, c = {}, d = []");
        var expected = "{\n  \"a\": {\n    \"b\": [\n      1,\n      2\n    ]\n  },\n  \"c\": {},\n  \"d\": []\n}";
        Assert.Equal(expected, config.ToJson());
    }

    [Fact]
    public void Valid_json_parses_to_the_same_data()
    {
        const string json = """{"a":{"b":[1,2.5,"x",true,null]},"c":"d"}""";
        Assert.Equal(json, HoconTest.Json(json));
    }
}
