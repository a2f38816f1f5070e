using Kane.Configuration;

namespace Kane.Runtime.Tests.Configuration;

public sealed class IncludeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-hocon-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Json(string path) => ConfigurationFactory.ParseFile(path, _ => null).ToJson(false);

    [Fact]
    public void Include_merges_the_included_keys_at_the_statement()
    {
        Write("base.conf", "a = 1\nb { x = 1 }");
        var main = Write("main.conf", "b { y = 2 }\ninclude \"base.conf\"\nc = 3");
        Assert.Equal("""{"b":{"y":2,"x":1},"a":1,"c":3}""", Json(main));
    }

    [Fact]
    public void Later_keys_override_included_ones_and_included_override_earlier()
    {
        Write("base.conf", "a = included, b = included");
        var main = Write("main.conf", "a = before\ninclude \"base.conf\"\nb = after");
        Assert.Equal("""{"a":"included","b":"after"}""", Json(main));
    }

    [Fact]
    public void Includes_resolve_relative_to_the_including_file()
    {
        Write("sub/inner.conf", "deep = true");
        Write("sub/outer.conf", "include \"inner.conf\"\nouter = 1");
        var main = Write("main.conf", "include file(\"sub/outer.conf\")");
        Assert.Equal("""{"deep":true,"outer":1}""", Json(main));
    }

    [Fact]
    public void Include_inside_an_object_relativises_keys_and_substitutions()
    {
        Write("foo.conf", "x = 10, y = ${x}, list += 1");
        var main = Write("main.conf", "a { include \"foo.conf\" }\na { x = 42 }");
        Assert.Equal("""{"a":{"x":42,"y":42,"list":[1]}}""", Json(main));
    }

    [Fact]
    public void Relativised_substitutions_fall_back_to_root_paths()
    {
        Write("foo.conf", "port = ${defaults.port}");
        var main = Write("main.conf", "defaults.port = 80\nserver { include \"foo.conf\" }");
        Assert.Equal("""{"defaults":{"port":80},"server":{"port":80}}""", Json(main));
    }

    [Fact]
    public void Substitutions_see_values_across_included_files()
    {
        Write("reference.conf", "dispatcher { throughput = 5, type = default }");
        var main = Write("main.conf", "include required(\"reference.conf\")\nmine = ${dispatcher} { throughput = 10 }");
        Assert.Equal(
            """{"dispatcher":{"throughput":5,"type":"default"},"mine":{"throughput":10,"type":"default"}}""",
            Json(main));
    }

    [Fact]
    public void Include_without_extension_tries_conf_and_json()
    {
        Write("settings.json", """{ "a": 1, "b": 1 }""");
        Write("settings.conf", "b = 2");
        var main = Write("main.conf", "include \"settings\"");
        Assert.Equal("""{"a":1,"b":2}""", Json(main));
    }

    [Fact]
    public void Missing_plain_include_is_ignored()
    {
        var main = Write("main.conf", "include \"nope.conf\"\ninclude file(\"nope2.conf\")\na = 1");
        Assert.Equal("""{"a":1}""", Json(main));
    }

    [Fact]
    public void Missing_required_include_is_an_error_with_position()
    {
        var main = Write("main.conf", "a = 1\n  include required(file(\"nope.conf\"))");
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationFactory.ParseFile(main));
        Assert.StartsWith($"{main}:2:3: could not find required include 'nope.conf'", error.Message);
        Assert.Equal((main, 2, 3), (error.Origin, error.Line, error.Column));
    }

    [Fact]
    public void Errors_in_included_files_name_the_included_file()
    {
        Write("bad.conf", "a = {");
        var main = Write("main.conf", "include \"bad.conf\"");
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationFactory.ParseFile(main));
        Assert.Equal(Path.Combine(_dir, "bad.conf"), error.Origin);
        Assert.Contains("expected '}' to close the object opened at 1:5, found end of file", error.Message);
    }

    [Fact]
    public void Parsed_text_includes_relative_to_the_given_base_directory()
    {
        Write("conf/base.conf", "a = 1\nb = ${c}\nt = ${kane.t}");
        var fallback = HoconTest.Parse("kane.t = 2s");
        var config = ConfigurationFactory.ParseString("include \"base.conf\"\nc = 2", "app.conf", fallback, _ => null, Path.Combine(_dir, "conf"));
        Assert.Equal("""{"a":1,"b":2,"t":"2s","c":2}""", config.ToJson(indented: false));
    }

    [Fact]
    public void Parsed_text_with_a_base_directory_names_included_files_beside_its_origin()
    {
        Write("conf/bad.conf", "x = {");
        var origin = Path.Combine(_dir, "conf", "app.conf");
        var error = Assert.Throws<ConfigurationException>(
            () => ConfigurationFactory.ParseString("include \"bad.conf\"", origin, null, _ => null, Path.Combine(_dir, "conf")));
        Assert.Equal((Path.Combine(_dir, "conf", "bad.conf"), 1, 6), (error.Origin, error.Line, error.Column));
    }

    [Fact]
    public void A_missing_required_include_names_where_it_was_looked_for_under_the_base_directory()
    {
        var error = Assert.Throws<ConfigurationException>(
            () => ConfigurationFactory.ParseString("a = 1\ninclude required(\"nope.conf\")", "app.conf", null, _ => null, _dir));
        Assert.Equal($"app.conf:2:1: could not find required include 'nope.conf' (looked for {Path.Combine(_dir, "nope.conf")})", error.Message);
        Assert.Equal(("app.conf", 2, 1), (error.Origin, error.Line, error.Column));
    }

    [Fact]
    public void Include_cycles_are_reported()
    {
        Write("a.conf", "include \"b.conf\"");
        Write("b.conf", "include \"a.conf\"");
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationFactory.ParseFile(Path.Combine(_dir, "a.conf")));
        Assert.Contains("include cycle: a.conf -> b.conf -> a.conf", error.Message);
    }

    [Fact]
    public void Including_an_array_root_is_an_error()
    {
        Write("list.conf", "[1, 2]");
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationFactory.ParseFile(Write("main.conf", "include \"list.conf\"")));
        Assert.Contains("must be an object", error.Message);
    }

    [Fact]
    public void Missing_file_is_a_configuration_error()
    {
        var path = Path.Combine(_dir, "absent.conf");
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationFactory.ParseFile(path));
        Assert.Equal(path, error.Origin);
    }

    [Fact]
    public void Include_must_be_followed_by_a_quoted_name()
    {
        var error = HoconTest.Error("include nope");
        Assert.StartsWith("test.conf:1:13: expected a quoted file name after 'include'", error.Message);
    }

    [Fact]
    public void Quoted_include_is_an_ordinary_key()
    {
        Assert.Equal("""{"include":42}""", HoconTest.Json("\"include\" : 42"));
    }
}
