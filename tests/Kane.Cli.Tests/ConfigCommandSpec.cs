using System.Text.Json;

namespace Kane.Cli.Tests;

public sealed class ConfigCommandSpec : IDisposable
{
    private static readonly string Repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Kane(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = KaneCli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Resolve_prints_the_file_over_the_defaults_as_JSON_keeping_durations_as_written()
    {
        var file = Write("app.conf", "kane.actor.ask-timeout = 250ms\napp { name = demo, size = 64 MiB }");
        var (exit, output, _) = Kane("config", "resolve", file);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("250ms", json.RootElement.GetProperty("kane").GetProperty("actor").GetProperty("ask-timeout").GetString());
        Assert.Equal(100000, json.RootElement.GetProperty("kane").GetProperty("actor").GetProperty("stash-capacity").GetInt32());
        Assert.Equal("64 MiB", json.RootElement.GetProperty("app").GetProperty("size").GetString());
    }

    [Fact]
    public void Resolve_with_a_path_prints_only_that_value()
    {
        var file = Write("app.conf", "a { b = [1, 2], c = \"x\" }");
        Assert.Equal(("\"x\"", ""), Trimmed(Kane("config", "resolve", file, "--path", "a.c")));
        var (exit, output, _) = Kane("config", "resolve", file, "--path", "a.b");
        Assert.Equal(0, exit);
        Assert.Equal([1, 2], JsonSerializer.Deserialize<int[]>(output)!);
    }

    [Fact]
    public void Resolve_of_the_shipped_node_conf_works()
    {
        var (exit, output, error) = Kane("config", "resolve", Path.Combine(Repo, "hocon/node.conf"), "--path", "kane.node.blocking-io-dispatcher.type");
        Assert.True(exit == 0, error);
        Assert.Equal("\"pinned\"", output.Trim());
        Assert.Equal(0, Kane("config", "resolve", Path.Combine(Repo, "hocon/seed.conf")).Exit);
    }

    [Fact]
    public void An_invalid_file_fails_with_the_position_and_prints_nothing()
    {
        var file = Write("broken.conf", "a {\n  b = 1\n");
        var (exit, output, error) = Kane("config", "resolve", file);
        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        Assert.Contains("broken.conf:", error);
        Assert.Contains("1:3", error);
    }

    [Fact]
    public void A_missing_required_substitution_fails_naming_it()
    {
        var file = Write("subst.conf", "a = ${does.not.exist}");
        var (exit, _, error) = Kane("config", "resolve", file);
        Assert.NotEqual(0, exit);
        Assert.Contains("${does.not.exist}", error);
    }

    [Fact]
    public void Resolve_lets_the_file_refer_to_the_defaults_unless_no_defaults_is_given()
    {
        var file = Write("refers.conf", "my.timeout = ${kane.actor.ask-timeout}");
        Assert.Equal(("\"10s\"", ""), Trimmed(Kane("config", "resolve", file, "--path", "my.timeout")));
        var (exit, output, error) = Kane("config", "resolve", file, "--no-defaults");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal("kane config: could not resolve substitution ${kane.actor.ask-timeout} at " + file + ":1:14", error.Trim());
    }

    [Fact]
    public void A_missing_file_or_key_fails_clearly()
    {
        var (exit, _, error) = Kane("config", "resolve", Path.Combine(_dir, "nope.conf"));
        Assert.NotEqual(0, exit);
        Assert.Contains("does not exist", error);
        var file = Write("ok.conf", "a = 1");
        var missing = Kane("config", "resolve", file, "--path", "b.c");
        Assert.NotEqual(0, missing.Exit);
        Assert.Contains("no value at 'b.c'", missing.Err);
    }

    [Fact]
    public void Defaults_prints_the_reference_configuration()
    {
        var (exit, output, _) = Kane("config", "defaults", "--path", "kane.actor.default-dispatcher.throughput");
        Assert.Equal(0, exit);
        Assert.Equal("30", output.Trim());
        using var json = JsonDocument.Parse(Kane("config", "defaults").Out);
        Assert.True(json.RootElement.GetProperty("kane").TryGetProperty("coordinated-shutdown", out _));
    }

    [Fact]
    public void An_unknown_command_is_an_error()
    {
        Assert.NotEqual(0, Kane("config", "frobnicate").Exit);
    }

    private static (string, string) Trimmed((int Exit, string Out, string Err) r) => (r.Out.Trim(), r.Err.Trim());
}
