using Kane.Cmd.Internal;

namespace Kane.Cmd.Tests;

public sealed class ArgumentBinderSpec
{
    private static readonly CommandDefinition Down = new("down", "", _ => Task.FromResult(0))
    {
        Arguments =
        [
            new CommandArgument("address", "") { Mandatory = true, Positional = true, Switches = ["-a"] },
            new CommandArgument("reason", "") { Default = "operator" },
            new CommandArgument("force", "") { Flag = true, Switches = ["-f"] },
            new CommandArgument("offset", "") { Switches = ["-o"] },
        ],
    };

    private static Dictionary<string, string> Bind(params string[] tokens) => ArgumentBinder.Bind(Down, null, tokens);

    [Fact]
    public void Switches_inline_values_flags_and_positionals_all_bind_and_defaults_fill_the_rest()
    {
        Assert.Equal(new Dictionary<string, string> { ["address"] = "kane.tcp://a@h:1", ["reason"] = "operator" }, Bind("kane.tcp://a@h:1"));
        Assert.Equal(new Dictionary<string, string> { ["address"] = "x", ["reason"] = "why", ["force"] = "true" }, Bind("-f", "--reason=why", "-a", "x"));
        Assert.Equal("-5", Bind("x", "-o", "-5")["offset"]);
    }

    [Fact]
    public void A_negative_number_is_a_value_not_a_switch()
    {
        var command = new CommandDefinition("n", "", _ => Task.FromResult(0)) { Arguments = [new CommandArgument("value", "") { Positional = true }] };
        Assert.Equal("-3", ArgumentBinder.Bind(command, null, ["-3"])["value"]);
    }

    [Fact]
    public void Named_values_win_and_unknown_names_are_refused()
    {
        Assert.Equal("n", ArgumentBinder.Bind(Down, new Dictionary<string, string> { ["address"] = "n" }, [])["address"]);
        var e = Assert.Throws<CommandUsageException>(() => ArgumentBinder.Bind(Down, new Dictionary<string, string> { ["nope"] = "1" }, []));
        Assert.Contains("no argument 'nope'", e.Message);
    }

    [Theory]
    [InlineData(new string[0], "needs --address")]
    [InlineData(new[] { "x", "y" }, "unexpected 'y'")]
    [InlineData(new[] { "x", "--reason" }, "--reason needs a value")]
    [InlineData(new[] { "x", "--colour", "red" }, "no option '--colour'")]
    public void Misfits_are_usage_errors_that_end_with_the_usage_line(string[] tokens, string what)
    {
        var e = Assert.Throws<CommandUsageException>(() => Bind(tokens));
        Assert.Contains(what, e.Message);
        Assert.EndsWith("Usage: down ADDRESS [--reason REASON] [-f|--force] [-o|--offset OFFSET]", e.Message);
    }

    [Fact]
    public void A_palette_refuses_duplicate_commands_switches_and_bad_names()
    {
        var palette = new CommandPalette("cluster", "").Add(Down);
        Assert.Throws<ArgumentException>(() => palette.Add(Down));
        Assert.Throws<ArgumentException>(() => new CommandPalette("Cluster", ""));
        var clash = new CommandDefinition("x", "", _ => Task.FromResult(0))
        {
            Arguments = [new CommandArgument("a", "") { Switches = ["-d"] }, new CommandArgument("b", "") { Switches = ["-d"] }],
        };
        Assert.Contains("'-d' is used twice", Assert.Throws<ArgumentException>(() => palette.Add(clash)).Message);
    }
}
