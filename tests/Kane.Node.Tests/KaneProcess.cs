using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kane.Tests.Processes;

/// <summary>
/// A Kane host (Kane.Seed.dll, Kane.Node.dll, copied next to the tests by ProcessHost references) run as a real
/// process with single-line console logs, its output collected; killed on dispose if still running. Shared by the
/// seed and node tests.
/// </summary>
public sealed class KaneProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    /// <param name="secret">KANE__REMOTE__SECRET; null leaves it empty (the host refuses to start).</param>
    public KaneProcess(string dll, string[] args, string? secret, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, dll), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["KANE__REMOTE__SECRET"] = secret ?? "";
        info.Environment["KANE_CLUSTER_SECRET"] = null;
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
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

    /// <summary>Waits for a line of output holding both <paramref name="start"/> and <paramref name="end"/>.</summary>
    public void WaitFor(string start, string end, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        while (!Output.Split('\n').Any(l => l.Contains(start, StringComparison.Ordinal) && l.Contains(end, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"No line with '{start}' … '{end}' within {limit.TotalSeconds:0}s. Output:\n{Output}");
            if (Process.HasExited) throw new Xunit.Sdk.XunitException($"The process exited ({Process.ExitCode}) before a line with '{start}' … '{end}'. Output:\n{Output}");
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

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill();
        Process.Dispose();
    }
}
