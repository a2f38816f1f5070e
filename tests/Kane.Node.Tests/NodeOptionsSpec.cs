using Kane.HostProcess;

namespace Kane.Node.Tests;

public sealed class NodeOptionsSpec
{
    [Fact]
    public void Agents_and_capabilities_become_the_agents_settings()
    {
        var (options, error) = NodeOptions.Parse(["--agents", "3", "--capabilities", "fs, exif,fs", "--seed", "127.0.0.1:4053"], worker: true);
        Assert.Null(error);
        Assert.Equal(3, options!.Agents);
        Assert.Equal(["fs", "exif"], options.Capabilities);
        var keys = options.ToConfigurationKeys().ToList();
        Assert.Contains(new KeyValuePair<string, string?>("kane:agents:agents-per-node", "3"), keys);
        Assert.Contains(new KeyValuePair<string, string?>("kane:agents:capabilities:0", "fs"), keys);
        Assert.Contains(new KeyValuePair<string, string?>("kane:agents:capabilities:1", "exif"), keys);
        Assert.Contains(new KeyValuePair<string, string?>("kane:cluster:seed-nodes:0", "kane.tcp://kane@127.0.0.1:4053"), keys);
    }

    [Fact]
    public void Without_worker_options_the_agents_settings_are_left_to_the_configuration()
    {
        var (options, error) = NodeOptions.Parse(["--port", "0"], worker: true);
        Assert.Null(error);
        Assert.Null(options!.Agents);
        Assert.DoesNotContain(options.ToConfigurationKeys(), k => k.Key.StartsWith("kane:agents:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--agents", "x", "--agents 'x' must be a whole number from 0 (one per core) to 4096")]
    [InlineData("--agents", "-1", "--agents '-1' must be a whole number")]
    [InlineData("--agents", "5000", "--agents '5000' must be a whole number")]
    [InlineData("--capabilities", "fs,,exif", "--capabilities 'fs,,exif' has an empty entry")]
    [InlineData("--capabilities", "fs,ex if", "has an invalid ('ex if') entry")]
    [InlineData("--journal", "sqlite:", "--journal 'sqlite:' names no database")]
    [InlineData("--seed", "nohost", "--seed 'nohost' is not HOST:PORT")]
    [InlineData("--bogus", "1", "Unknown option '--bogus'. Options: --config, --hostname, --port, --seed, --management-port, --journal, --agents, --capabilities")]
    public void Bad_options_are_refused_with_a_message_that_says_what_to_fix(string option, string value, string expected)
    {
        var (options, error) = NodeOptions.Parse([option, value], worker: true);
        Assert.Null(options);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_seed_does_not_take_the_worker_options()
    {
        var (options, error) = NodeOptions.Parse(["--agents", "2"], worker: false);
        Assert.Null(options);
        Assert.Contains("Unknown option '--agents'", error);
        Assert.DoesNotContain("--capabilities", error);
    }
}
