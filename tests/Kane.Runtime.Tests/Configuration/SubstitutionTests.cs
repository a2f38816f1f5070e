namespace Kane.Runtime.Tests.Configuration;

public sealed class SubstitutionTests
{
    [Theory]
    [InlineData("a.b = 1, c = ${a.b}", """{"a":{"b":1},"c":1}""")]
    [InlineData("c = ${a.b}, a.b = 1", """{"c":1,"a":{"b":1}}""")]
    [InlineData("a { \"x.y\" = 1 }, c = ${a.\"x.y\"}", """{"a":{"x.y":1},"c":1}""")]
    [InlineData("a = [1, 2], b = ${a}", """{"a":[1,2],"b":[1,2]}""")]
    [InlineData("a = { x = 1 }, b = ${a}", """{"a":{"x":1},"b":{"x":1}}""")]
    [InlineData("a = true, b = ${a}", """{"a":true,"b":true}""")]
    [InlineData("a = null, b = ${a}", """{"a":null,"b":null}""")]
    [InlineData("a = 1.50, b = ${a}", """{"a":1.50,"b":1.50}""")]
    public void Substitutions_copy_values_and_keep_their_type(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Theory]
    [InlineData("name = world, a = hello ${name}.", """{"name":"world","a":"hello world."}""")]
    [InlineData("n = 5, a = ${n} items", """{"n":5,"a":"5 items"}""")]
    [InlineData("x = foo, a = ${x}\" bar \"${x}", """{"x":"foo","a":"foo bar foo"}""")]
    [InlineData("x = a, y = b, z = ${x}  ${y}", """{"x":"a","y":"b","z":"a  b"}""")]
    public void Substitutions_inside_string_concatenation(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Theory]
    [InlineData("a = [1] [2, 3]", """{"a":[1,2,3]}""")]
    [InlineData("x = [1], a = ${x} [2]", """{"x":[1],"a":[1,2]}""")]
    [InlineData("a = { x = 1 } { y = 2 }", """{"a":{"x":1,"y":2}}""")]
    [InlineData("base { x = 1, override = 0 }, a = ${base} { override = 1 }", """{"base":{"x":1,"override":0},"a":{"x":1,"override":1}}""")]
    [InlineData("base { x { p = 1 } }, a = ${base} { x { q = 2 } }", """{"base":{"x":{"p":1}},"a":{"x":{"p":1,"q":2}}}""")]
    public void Array_and_object_concatenation(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Theory]
    [InlineData("a = ${?missing}", "{}")]
    [InlineData("a = 1, a = ${?missing}", """{"a":1}""")]
    [InlineData("a = [1, ${?missing}, 2]", """{"a":[1,2]}""")]
    [InlineData("a = ${?missing}${?other}", "{}")]
    [InlineData("a = x${?missing}y", """{"a":"xy"}""")]
    [InlineData("b = 2, a = ${?missing}${b}", """{"b":2,"a":2}""")]
    public void Missing_optional_substitutions_are_undefined(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Fact]
    public void Substitutions_fall_back_to_the_environment()
    {
        var env = new Dictionary<string, string> { ["HOME"] = "/home/kane", ["EMPTY"] = "" };
        var config = HoconTest.Parse("home = ${HOME}, opt = ${?HOME}, gone = ${?EMPTY}, also = ${?NOPE}", env.GetValueOrDefault);
        Assert.Equal("""{"home":"/home/kane","opt":"/home/kane"}""", config.ToJson(false));
    }

    [Fact]
    public void Config_values_win_over_the_environment_and_null_blocks_it()
    {
        var env = new Dictionary<string, string> { ["HOME"] = "/env", ["USER"] = "env-user" };
        var config = HoconTest.Parse("HOME = /conf, USER = null, a = ${HOME}, b = ${?USER}", env.GetValueOrDefault);
        Assert.Equal("""{"HOME":"/conf","USER":null,"a":"/conf","b":null}""", config.ToJson(false));
    }

    [Fact]
    public void Environment_override_of_a_default_is_the_usual_pattern()
    {
        var env = new Dictionary<string, string> { ["KANE_PORT"] = "9000" };
        const string hocon = "port = 8080\nport = ${?KANE_PORT}";
        Assert.Equal(9000, HoconTest.Parse(hocon, env.GetValueOrDefault).GetInt("port"));
        Assert.Equal(8080, HoconTest.Parse(hocon).GetInt("port"));
    }

    [Theory]
    [InlineData("path = /usr, path = ${path}\"/bin\"", """{"path":"/usr/bin"}""")]
    [InlineData("path = [a], path = ${path} [b], path = ${path} [c]", """{"path":["a","b","c"]}""")]
    [InlineData("path = ${?path} [more]", """{"path":["more"]}""")]
    [InlineData("a = ${?a}foo", """{"a":"foo"}""")]
    [InlineData("foo { a = 1 }, foo = ${foo}", """{"foo":{"a":1}}""")]
    [InlineData("foo = ${?foo}", "{}")]
    [InlineData("foo = ${does-not-exist}, foo = 42", """{"foo":42}""")]
    [InlineData("foo = ${foo}, foo = 42", """{"foo":42}""")]
    [InlineData("a { b = 1 }, a { b = ${a.b}2 }", """{"a":{"b":"12"}}""")]
    [InlineData("x { y = [1] }, x.y = ${x.y} [2]", """{"x":{"y":[1,2]}}""")]
    public void Self_references_look_back_at_the_earlier_value(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Fact]
    public void Self_reference_into_a_path_resolves_below_the_current_definition()
    {
        const string hocon = "foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }";
        Assert.Equal("""{"foo":{"a":2,"c":1}}""", HoconTest.Json(hocon));
    }

    [Theory]
    [InlineData("a += 1", """{"a":[1]}""")]
    [InlineData("a = [0], a += 1, a += 2", """{"a":[0,1,2]}""")]
    [InlineData("x { a += 1 }, x { a += { b = 2 } }", """{"x":{"a":[1,{"b":2}]}}""")]
    public void Plus_equals_appends_to_an_array(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Theory]
    [InlineData("l = [{ a += 1 }]", """{"l":[{"a":[1]}]}""")]
    [InlineData("l = [{ a = [0], a += 1, a += 2 }]", """{"l":[{"a":[0,1,2]}]}""")]
    [InlineData("l = [{ a = [0] }, { a += 1 }]", """{"l":[{"a":[0]},{"a":[1]}]}""")]
    [InlineData("l = [{ o.a = [0], o.a += 1 }]", """{"l":[{"o":{"a":[0,1]}}]}""")]
    [InlineData("l = [{ o { a = [0] }, o { a += 1 } }]", """{"l":[{"o":{"a":[0,1]}}]}""")]
    [InlineData("l = [{ o { a = [0] }, o = null, o { a += 1 } }]", """{"l":[{"o":{"a":[1]}}]}""")]
    [InlineData("v { a = [0] }\nl = [{ o = ${v}, o { a += 1 } }]", """{"v":{"a":[0]},"l":[{"o":{"a":[0,1]}}]}""")]
    [InlineData("l = [[{ a += 1, a += 2 }]]", """{"l":[[{"a":[1,2]}]]}""")]
    [InlineData("l = [{ a += { b += 1, b += 2 } }]", """{"l":[{"a":[{"b":[1,2]}]}]}""")]
    [InlineData("a = [1], l = [{ a += 2 }]", """{"a":[1],"l":[{"a":[2]}]}""")]
    public void Plus_equals_inside_an_array_appends_to_the_earlier_value_in_the_same_object(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Fact]
    public void Plus_equals_inside_an_array_on_a_non_array_is_an_error()
    {
        var error = HoconTest.Error("l = [{\n  a = x\n  a += 1\n}]");
        Assert.Equal("test.conf:3:5: cannot concatenate an array (defined at test.conf:3:8) with string 'x' (defined at test.conf:2:7)", error.Message);
        Assert.Equal((3, 5), (error.Line, error.Column));
    }

    [Fact]
    public void Plus_equals_on_a_non_array_is_an_error()
    {
        var error = HoconTest.Error("a = x\na += 1");
        Assert.Contains("cannot concatenate", error.Message);
    }

    [Fact]
    public void A_copy_of_an_object_inside_itself_goes_through_a_separate_key()
    {
        const string hocon = "a-base { x = 1 }\na = ${a-base}\na.b = ${a-base}";
        Assert.Equal("""{"a-base":{"x":1},"a":{"x":1,"b":{"x":1}}}""", HoconTest.Json(hocon));
    }

    [Fact]
    public void Objects_may_refer_to_their_own_fields_without_a_false_cycle()
    {
        Assert.Equal("""{"bar":{"foo":42,"baz":42}}""", HoconTest.Json("bar : { foo : 42, baz : ${bar.foo} }"));
    }

    [Fact]
    public void Substitutions_see_the_value_at_the_end_of_the_document()
    {
        const string hocon = "bar : { foo : 42, baz : ${bar.foo} }\nbar : { foo : 43 }";
        Assert.Equal("""{"bar":{"foo":43,"baz":43}}""", HoconTest.Json(hocon));
        Assert.Equal("""{"a":2,"b":2}""", HoconTest.Json("a = 1, b = ${a}, a = 2"));
    }

    [Fact]
    public void Mutually_referring_objects_look_forward()
    {
        const string hocon = """
            bar : { a : ${foo.d}, b : 1 }
            bar.b = 3
            foo : { c : ${bar.b}, d : 2 }
            foo.d = 4
            """;
        Assert.Equal("""{"bar":{"a":4,"b":3},"foo":{"c":3,"d":4}}""", HoconTest.Json(hocon));
    }

    [Fact]
    public void Chained_substitutions_resolve()
    {
        Assert.Equal("""{"a":1,"b":1,"c":1}""", HoconTest.Json("a = 1, b = ${a}, c = ${b}"));
    }

    [Fact]
    public void An_object_substitution_merges_with_an_earlier_object()
    {
        Assert.Equal("""{"x":{"c":2},"a":{"b":1,"c":2}}""", HoconTest.Json("x { c = 2 }, a { b = 1 }, a = ${x}"));
    }
}
