namespace Kane.Runtime.Tests.Configuration;

public sealed class ErrorTests
{
    private static void AssertError(string hocon, string message, int line, int column)
    {
        var error = HoconTest.Error(hocon);
        Assert.Equal(message, error.Message);
        Assert.Equal((HoconTest.Origin, line, column), (error.Origin, error.Line, error.Column));
    }

    [Fact]
    public void Unclosed_brace_says_where_it_was_opened() =>
        AssertError("a = 1\nb {\n  c = 2\n", "test.conf:4:1: expected '}' to close the object opened at 2:3, found end of file", 4, 1);

    [Fact]
    public void Mismatched_closer_inside_an_object() =>
        AssertError("a { b = 1 ]", "test.conf:1:11: expected '}' to close the object opened at 1:3, found ']'", 1, 11);

    [Fact]
    public void Unclosed_bracket_says_where_it_was_opened() =>
        AssertError("a = [1,\n 2", "test.conf:2:3: expected ']' to close the array opened at 1:5, found end of file", 2, 3);

    [Fact]
    public void Unclosed_quoted_string_points_at_the_opening_quote() =>
        AssertError("a = 1\nb = \"abc\nc = 2", "test.conf:2:5: unclosed quoted string: expected a closing '\"' before the end of the line", 2, 5);

    [Fact]
    public void Unclosed_triple_quoted_string() =>
        AssertError("a = \"\"\"abc", "test.conf:1:5: unclosed triple-quoted string: expected '\"\"\"'", 1, 5);

    [Fact]
    public void Missing_value_is_an_unexpected_token() =>
        AssertError("a = }", "test.conf:1:5: expected a value after 'a =', found '}'", 1, 5);

    [Fact]
    public void Stray_closing_brace_at_root() =>
        AssertError("a = 1\n}", "test.conf:2:1: unexpected '}': no object is open here", 2, 1);

    [Fact]
    public void Key_without_separator() =>
        AssertError("a\nb = 1", "test.conf:1:2: expected ':', '=', '+=' or '{' after key 'a', found newline", 1, 2);

    [Fact]
    public void Two_values_without_separator() =>
        AssertError("a = 1 = 2", "test.conf:1:7: expected ',' or a newline after a field, found '='", 1, 7);

    [Fact]
    public void Forbidden_character_in_unquoted_text() =>
        AssertError("a = b@c", "test.conf:1:6: unexpected character '@'; quote the string if it should contain it", 1, 6);

    [Fact]
    public void Invalid_escape() =>
        AssertError("a = \"x\\q\"", "test.conf:1:8: invalid escape '\\q' in quoted string", 1, 8);

    [Fact]
    public void Empty_path_element() =>
        AssertError("a..b = 1", "test.conf:1:1: key: path expression has an empty element (use quotes for an empty key)", 1, 1);

    [Fact]
    public void Double_comma() =>
        AssertError("a = 1,, b = 2", "test.conf:1:7: unexpected ','; expected a key or the end of the object", 1, 7);

    [Fact]
    public void Root_array_is_rejected() =>
        AssertError("[1, 2]", "test.conf:1:1: the root of a configuration must be an object, found an array", 1, 1);

    [Fact]
    public void Content_after_root_object() =>
        AssertError("{ a = 1 } b = 2", "test.conf:1:11: expected end of file after the root object, found 'b'", 1, 11);

    [Fact]
    public void Missing_required_substitution_names_path_and_position()
    {
        var error = HoconTest.Error("x = 1\ny = ${a.b}");
        Assert.Equal("could not resolve substitution ${a.b} at test.conf:2:5", error.Message);
        Assert.Equal((HoconTest.Origin, 2, 5, "a.b"), (error.Origin, error.Line, error.Column, error.Path));
    }

    [Fact]
    public void Self_reference_without_earlier_value_is_missing_not_a_cycle()
    {
        Assert.Equal("could not resolve substitution ${foo} at test.conf:1:7", HoconTest.Error("foo : ${foo}").Message);
    }

    [Fact]
    public void Substitution_cycles_are_named()
    {
        var error = HoconTest.Error("a : ${b}\nb : ${c}\nc : ${a}");
        Assert.Equal(
            "test.conf:1:5: substitution cycle: ${b} (test.conf:1:5) -> ${c} (test.conf:2:5) -> ${a} (test.conf:3:5) -> ${b} (test.conf:1:5)",
            error.Message);
        Assert.Equal((1, 5), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("bar : ${foo}\nfoo : ${bar}")]
    [InlineData("a : { b : ${a} }")]
    [InlineData("a : [${a}]")]
    public void Unbreakable_cycles_are_errors(string hocon)
    {
        Assert.Contains("substitution cycle", HoconTest.Error(hocon).Message);
    }

    private const string LookBackRule =
        "only a field set directly to its own substitution (e.g. a = ${a} { ... }) looks back at an earlier value, not one inside the object or array it names";

    [Theory]
    [InlineData("a.b = ${a}", 1, 7, "${a} (test.conf:1:7) is used inside a itself (at a.b)")]
    [InlineData("a { x = 1 }\na.b = ${a}", 2, 7, "${a} (test.conf:2:7) is used inside a itself (at a.b)")]
    [InlineData("a { b { c = ${a} x } }", 1, 13, "${a} (test.conf:1:13) is used inside a itself (at a.b.c)")]
    [InlineData("a : [${a}]", 1, 6, "${a} (test.conf:1:6) is used inside a itself (in an array)")]
    public void A_substitution_inside_the_object_or_array_it_names_is_a_cycle_that_says_why(string hocon, int line, int column, string why)
    {
        var error = HoconTest.Error(hocon);
        Assert.Equal($"test.conf:{line}:{column}: substitution cycle: {why}, so a would have to contain itself; {LookBackRule}", error.Message);
        Assert.Equal((line, column, "a"), (error.Line, error.Column, error.Path));
    }

    [Fact]
    public void A_longer_cycle_through_a_containing_object_names_the_steps_and_the_reason()
    {
        var error = HoconTest.Error("a { b = ${a.c}, c = ${a} }");
        Assert.Equal(
            "test.conf:1:9: substitution cycle: ${a.c} (test.conf:1:9) -> ${a} (test.conf:1:21) -> ${a.c} (test.conf:1:9); "
            + $"${{a}} (test.conf:1:21) is used inside a itself (at a.c), so a would have to contain itself; {LookBackRule}",
            error.Message);
    }

    [Theory]
    [InlineData("a.b = ${?a}", """{"a":{}}""")]
    [InlineData("a { x = 1 }\na.b = ${?a}", """{"a":{"x":1}}""")]
    public void An_optional_substitution_inside_the_object_it_names_is_left_out(string hocon, string json) =>
        Assert.Equal(json, HoconTest.Json(hocon));

    [Fact]
    public void Optional_substitution_treats_a_cycle_as_missing()
    {
        Assert.Equal("{}", HoconTest.Json("a = ${?b}\nb = ${?a}"));
    }

    [Fact]
    public void Concatenating_an_object_with_a_string_is_an_error()
    {
        var error = HoconTest.Error("o { x = 1 }\na = ${o} text");
        Assert.Equal("test.conf:2:5: cannot concatenate an object (defined at test.conf:1:3) with string 'text' (defined at test.conf:2:10)", error.Message);
    }

    [Fact]
    public void Substitution_in_a_key_is_rejected()
    {
        var error = HoconTest.Error("${a} = 1");
        Assert.StartsWith("test.conf:1:1: expected a key, found substitution ${a}", error.Message);
    }

    [Fact]
    public void Default_origin_is_string()
    {
        var error = Assert.Throws<Kane.Configuration.ConfigurationException>(() => Kane.Configuration.ConfigurationFactory.ParseString("a = {"));
        Assert.Equal("<string>", error.Origin);
        Assert.StartsWith("<string>:1:6: expected '}'", error.Message);
    }
}
