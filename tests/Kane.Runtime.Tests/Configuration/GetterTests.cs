using Kane.Configuration;

namespace Kane.Runtime.Tests.Configuration;

public sealed class GetterTests
{
    private const string Node = """
        kane {
          actor {
            name = "worker"
            throughput = fast
            mailbox-size = 1000
            big = 5000000000
            ratio = 0.75
            enabled = on
            timeout = 10s
            sizes = [1, two, 3.0]
          }
          "odd.key" = yes
          nodes = [ { host = a, port = 1 }, { host = b, port = 2 } ]
          nothing = null
        }
        """;

    private static readonly Config Config = ConfigurationFactory.ParseString(Node, "node.conf", _ => null);

    [Fact]
    public void Scalars_convert_per_the_spec()
    {
        Assert.Equal("worker", Config.GetString("kane.actor.name"));
        Assert.Equal("1000", Config.GetString("kane.actor.mailbox-size"));
        Assert.Equal(1000, Config.GetInt("kane.actor.mailbox-size"));
        Assert.Equal(5_000_000_000L, Config.GetLong("kane.actor.big"));
        Assert.Equal(0.75, Config.GetDouble("kane.actor.ratio"));
        Assert.Equal(1000.0, Config.GetDouble("kane.actor.mailbox-size"));
        Assert.True(Config.GetBoolean("kane.actor.enabled"));
        Assert.True(Config.GetBoolean("kane.\"odd.key\""));
    }

    [Fact]
    public void Type_mismatch_names_key_value_and_origin()
    {
        var error = Assert.Throws<ConfigurationException>(() => Config.GetInt("kane.actor.throughput"));
        Assert.Equal("kane.actor.throughput: expected a number, found string 'fast' (node.conf:4:18)", error.Message);
        Assert.Equal(("node.conf", 4, 18, "kane.actor.throughput"), (error.Origin, error.Line, error.Column, error.Path));
    }

    [Fact]
    public void Errors_from_a_sub_config_use_the_full_path()
    {
        var actor = Config.GetConfig("kane.actor");
        var error = Assert.Throws<ConfigurationException>(() => actor.GetInt("throughput"));
        Assert.StartsWith("kane.actor.throughput: expected a number", error.Message);
    }

    [Fact]
    public void Int_range_and_fractions_are_checked()
    {
        Assert.Contains("expected a number that fits in an int, found number '5000000000'", Assert.Throws<ConfigurationException>(() => Config.GetInt("kane.actor.big")).Message);
        Assert.Contains("expected a whole number, found number '0.75'", Assert.Throws<ConfigurationException>(() => Config.GetLong("kane.actor.ratio")).Message);
        Assert.Equal(1000, ConfigurationFactory.ParseString("a = 1e3").GetInt("a"));
        Assert.Equal(7, ConfigurationFactory.ParseString("a = \"7\"").GetInt("a"));
    }

    [Fact]
    public void Missing_settings_throw_naming_the_key()
    {
        var error = Assert.Throws<ConfigurationException>(() => Config.GetString("kane.actor.missing"));
        Assert.Equal("kane.actor.missing: missing required setting", error.Message);
        Assert.Equal("kane.actor.missing", error.Path);
        Assert.Equal(0, error.Line);
    }

    [Fact]
    public void Null_is_not_converted_to_anything()
    {
        var error = Assert.Throws<ConfigurationException>(() => Config.GetString("kane.nothing"));
        Assert.Equal("kane.nothing: expected a string, found null (node.conf:14:13)", error.Message);
        Assert.Equal("fallback", Config.GetString("kane.nothing", "fallback"));
        Assert.False(Config.HasPath("kane.nothing"));
        Assert.NotNull(Config.GetValue("kane.nothing"));
    }

    [Fact]
    public void Defaults_apply_only_when_missing()
    {
        Assert.Equal("d", Config.GetString("nope", "d"));
        Assert.Equal(3, Config.GetInt("kane.nope", 3));
        Assert.Equal(4L, Config.GetLong("nope", 4L));
        Assert.Equal(0.5, Config.GetDouble("nope", 0.5));
        Assert.True(Config.GetBoolean("nope", true));
        Assert.Equal(TimeSpan.FromSeconds(1), Config.GetTimeSpan("nope", TimeSpan.FromSeconds(1)));
        Assert.Equal(9L, Config.GetByteSize("nope", 9L));
        Assert.Equal(1000, Config.GetInt("kane.actor.mailbox-size", 3));
        Assert.Throws<ConfigurationException>(() => Config.GetInt("kane.actor.throughput", 3));
    }

    [Theory]
    [InlineData("10s", 10_000.0)]
    [InlineData("250ms", 250.0)]
    [InlineData("2 minutes", 120_000.0)]
    [InlineData("1.5h", 5_400_000.0)]
    [InlineData("100us", 0.1)]
    [InlineData("3 d", 259_200_000.0)]
    [InlineData("42", 42.0)]
    [InlineData("\"42\"", 42.0)]
    [InlineData("1 second", 1000.0)]
    [InlineData("500 nanoseconds", 0.0005)]
    public void Durations(string value, double milliseconds)
    {
        var config = ConfigurationFactory.ParseString($"d = {value}");
        Assert.Equal(TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond)), config.GetTimeSpan("d"));
    }

    [Fact]
    public void Nanoseconds_round_to_ticks() =>
        Assert.Equal(TimeSpan.Zero, ConfigurationFactory.ParseString("d = 5ns").GetTimeSpan("d"));

    [Theory]
    [InlineData("off")]
    [InlineData("infinite")]
    [InlineData("inf")]
    public void Infinite_durations(string value) =>
        Assert.Equal(Timeout.InfiniteTimeSpan, ConfigurationFactory.ParseString($"d = {value}").GetTimeSpan("d"));

    [Theory]
    [InlineData("10 S")]
    [InlineData("ten seconds")]
    [InlineData("10 fortnights")]
    [InlineData("[1]")]
    public void Bad_durations_are_errors(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationFactory.ParseString($"d = {value}").GetTimeSpan("d"));
        Assert.Contains("d: expected a duration", error.Message);
    }

    [Theory]
    [InlineData("512 MiB", 512L * 1024 * 1024)]
    [InlineData("64k", 64L * 1024)]
    [InlineData("64K", 64L * 1024)]
    [InlineData("128000b", 128_000L)]
    [InlineData("1.5M", 1_572_864L)]
    [InlineData("10 megabytes", 10_000_000L)]
    [InlineData("2kB", 2_000L)]
    [InlineData("3 KiB", 3_072L)]
    [InlineData("1G", 1L << 30)]
    [InlineData("2 Ti", 2L << 40)]
    [InlineData("7 bytes", 7L)]
    [InlineData("4096", 4096L)]
    [InlineData("1E", 1L << 60)]
    public void Byte_sizes(string value, long bytes) =>
        Assert.Equal(bytes, ConfigurationFactory.ParseString($"s = {value}").GetByteSize("s"));

    [Theory]
    [InlineData("10 furlongs")]
    [InlineData("16 EiB")]
    [InlineData("1 YB")]
    public void Bad_or_overflowing_sizes_are_errors(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationFactory.ParseString($"s = {value}").GetByteSize("s"));
        Assert.Contains("s: expected a size in bytes", error.Message);
    }

    [Fact]
    public void Durations_and_sizes_stay_strings_in_json() =>
        Assert.Equal("""{"t":"10s","s":"512 MiB"}""", ConfigurationFactory.ParseString("t = 10s, s = 512 MiB").ToJson(false));

    [Fact]
    public void Lists()
    {
        Assert.Equal(["1", "two", "3.0"], Config.GetStringList("kane.actor.sizes"));
        var nodes = Config.GetConfigList("kane.nodes");
        Assert.Equal(["a", "b"], nodes.Select(n => n.GetString("host")));
        Assert.Equal(2, nodes[1].GetInt("port"));
        var error = Assert.Throws<ConfigurationException>(() => nodes[0].GetInt("host"));
        Assert.StartsWith("kane.nodes[0].host: expected a number, found string 'a'", error.Message);
        Assert.Contains("expected an array", Assert.Throws<ConfigurationException>(() => Config.GetStringList("kane.actor.name")).Message);
        Assert.Contains("expected a string, found an object", Assert.Throws<ConfigurationException>(() => ConfigurationFactory.ParseString("l = [{}]").GetStringList("l")).Message);
    }

    [Fact]
    public void Sub_configs_keys_and_paths()
    {
        Assert.True(Config.GetConfig("nope.nope").IsEmpty);
        Assert.Equal(["kane"], Config.Keys);
        Assert.Equal(["actor", "odd.key", "nodes", "nothing"], Config.GetConfig("kane").Keys);
        Assert.True(Config.HasPath("kane.actor"));
        Assert.False(Config.HasPath("kane.actor.name.deeper"));
        Assert.Null(Config.GetValue("kane.missing"));
        Assert.Equal(HoconValueKind.Object, Config.GetValue("kane.actor")!.Kind);
        Assert.Contains("expected an object", Assert.Throws<ConfigurationException>(() => Config.GetConfig("kane.actor.name")).Message);
        Assert.True(Config.Empty.IsEmpty);
        Assert.Equal("{}", Config.Empty.ToJson());
    }

    [Fact]
    public void Invalid_paths_are_reported()
    {
        var error = Assert.Throws<ConfigurationException>(() => Config.HasPath("a..b"));
        Assert.StartsWith("invalid path 'a..b'", error.Message);
    }

    [Fact]
    public void Values_remember_their_origin()
    {
        var value = Assert.IsType<HoconScalar>(Config.GetValue("kane.actor.ratio"));
        Assert.Equal(new ConfigOrigin("node.conf", 7, 13), value.Origin);
        Assert.Equal("0.75", value.Text);
        Assert.Equal(HoconValueKind.Number, value.Kind);
    }
}
