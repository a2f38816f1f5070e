using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kane.Seed.Tests;

/// <summary>Kane.Seed as real processes: two seeds form a cluster; SIGTERM makes one leave gracefully.</summary>
public sealed class SeedProcessSpec : IDisposable
{
    private readonly List<SeedProcess> _processes = [];

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

    private SeedProcess Start(string[] args, string? secret = "seed-tests")
    {
        var p = new SeedProcess(args, secret);
        _processes.Add(p);
        return p;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private sealed class SeedProcess : IDisposable
    {
        private readonly StringBuilder _output = new();

        public SeedProcess(string[] args, string? secret)
        {
            var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Kane.Seed.dll"), .. args])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["KANE__REMOTE__SECRET"] = secret ?? "";
            info.Environment["KANE_CLUSTER_SECRET"] = null;
            info.Environment["Logging__Console__FormatterName"] = "simple";
            info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
            Process = Process.Start(info)!;
            Process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            Process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public void WaitFor(string start, string end)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!Output.Split('\n').Any(l => l.Contains(start, StringComparison.Ordinal) && l.Contains(end, StringComparison.Ordinal)))
            {
                if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"No line with '{start}' … '{end}' within 30s. Output:\n{Output}");
                Thread.Sleep(50);
            }
        }

        /// <summary>Waits for the exit and for the last output lines (they arrive after the exit is noticed).</summary>
        public bool WaitForExit(TimeSpan timeout)
        {
            if (!Process.WaitForExit(timeout)) return false;
            Process.WaitForExit();
            return true;
        }

        /// <summary>SIGTERM, as a service manager stops a host.</summary>
        public void Terminate() => _ = Kill(Process.Id, 15);

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill();
            Process.Dispose();
        }
    }
}
