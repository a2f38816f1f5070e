using Kane.Tests.Processes;

namespace Kane.Seed.Tests;

/// <summary>Kane.Seed as real processes: two seeds form a cluster; SIGTERM makes one leave gracefully.</summary>
public sealed class SeedProcessSpec : IDisposable
{
    private readonly List<KaneProcess> _processes = [];

    public void Dispose()
    {
        foreach (var p in _processes) p.Dispose();
    }

    [Fact]
    public void Two_seeds_form_a_cluster_and_a_SIGTERM_makes_one_leave_gracefully_with_exit_code_0()
    {
        var p1 = FreePort();
        var p2 = FreePort();
        var seeds = new[] { "--seed", $"127.0.0.1:{p1}", "--seed", $"127.0.0.1:{p2}" };
        var first = Start(["--hostname", "127.0.0.1", "--port", p1.ToString(), "--management-port", "0", .. seeds]);
        var second = Start(["--hostname", "127.0.0.1", "--port", p2.ToString(), "--management-port", "0", .. seeds]);
        first.WaitFor($"Member kane.tcp://kane@127.0.0.1:{p2}#", "is Up");
        second.WaitFor($"Member kane.tcp://kane@127.0.0.1:{p1}#", "is Up");

        second.Terminate();
        Assert.True(second.WaitForExit(TimeSpan.FromSeconds(30)), "the seed stopped after SIGTERM");
        Assert.Equal(0, second.Process.ExitCode);
        first.WaitFor($"Member removed: kane.tcp://kane@127.0.0.1:{p2}#", "(was Exiting)");
    }

    [Fact]
    public void A_seed_without_a_secret_refuses_to_start_with_exit_code_2_and_says_how_to_set_it()
    {
        var seed = Start(["--port", "0", "--management-port", "0"], secret: null);
        Assert.True(seed.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, seed.Process.ExitCode);
        Assert.Contains("KANE__REMOTE__SECRET", seed.Output);
    }

    private static int FreePort() => KaneProcess.FreePort();

    private KaneProcess Start(string[] args, string? secret = "seed-tests")
    {
        var p = new KaneProcess("Kane.Seed.dll", args, secret);
        _processes.Add(p);
        return p;
    }
}
