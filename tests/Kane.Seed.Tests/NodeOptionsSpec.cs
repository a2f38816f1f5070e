using Kane.HostProcess;

namespace Kane.Seed.Tests;

public sealed class NodeOptionsSpec
{
    [Fact]
    public void Seeds_given_as_host_and_port_become_full_addresses_in_the_given_order()
    {
        var (options, error) = NodeOptions.Parse(["--seed", "10.0.0.2:4053", "--seed", "kane.tcp://kane@10.0.0.1:4053", "--port", "4060"]);
        Assert.Null(error);
        Assert.Equal(["kane.tcp://kane@10.0.0.2:4053", "kane.tcp://kane@10.0.0.1:4053"], options!.Seeds);
        Assert.Contains(new KeyValuePair<string, string?>("kane:cluster:seed-nodes:1", "kane.tcp://kane@10.0.0.1:4053"), options.ToConfigurationKeys());
        Assert.Contains(new KeyValuePair<string, string?>("kane:remote:port", "4060"), options.ToConfigurationKeys());
    }

    [Theory]
    [InlineData("--seed", "nohost", "--seed 'nohost' is not HOST:PORT")]
    [InlineData("--seed", "host:99999", "--seed 'host:99999' is not HOST:PORT")]
    [InlineData("--port", "70000", "--port 70000 is out of range")]
    [InlineData("--journal", "mysql:x", "--journal 'mysql:x' must be sqlite:PATH or postgres:CONNSTRING")]
    [InlineData("--config", "/no/such/file.conf", "--config /no/such/file.conf: no such file")]
    [InlineData("--bogus", "1", "Unknown option '--bogus'")]
    public void Bad_options_are_refused_with_a_message_that_says_what_to_fix(string option, string value, string expected)
    {
        var (options, error) = NodeOptions.Parse([option, value]);
        Assert.Null(options);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Settings_given_as_kane_switches_pass_through_to_the_host()
    {
        var (options, error) = NodeOptions.Parse(["--kane:cluster:app-version=1.2.3", "--hostname", "127.0.0.1"]);
        Assert.Null(error);
        Assert.Equal(["--kane:cluster:app-version=1.2.3"], options!.HostArgs);
        Assert.Equal("127.0.0.1", options.Hostname);
    }
}
