using System.Diagnostics;

namespace Kane.Hosting.Tests;

public sealed class SampleHostProcessSpec
{
    private static (Process Process, string Log) Start(params string[] extra)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "Kane.Hosting.SampleHost.dll");
        Assert.True(File.Exists(host), $"{host} is built with the tests");
        var log = Path.Combine(Path.GetTempPath(), $"kane-host-{Guid.NewGuid():N}.log");
        var process = Process.Start(new ProcessStartInfo("dotnet", [host, log, .. extra]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        return (process, log);
    }

    [Fact]
    public async Task A_host_built_with_AddKane_serves_an_actor_and_stops_cleanly_on_SIGTERM()
    {
        var (process, log) = Start();
        using (process)
        {
            try
            {
                Assert.Equal("greeting: Hello, host", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
                Assert.Equal(0, Kill(process.Id, 15));
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.Equal(0, process.ExitCode);
                Assert.Equal(["service-unbind", "before-actor-system-terminate", "exited"], await File.ReadAllLinesAsync(log));
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                File.Delete(log);
            }
        }
    }

    [Fact]
    public async Task A_system_that_terminates_from_inside_stops_the_host_with_a_non_zero_exit_code()
    {
        var (process, log) = Start("--terminate-from-inside");
        using (process)
        {
            try
            {
                Assert.Equal("greeting: Hello, host", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.Equal(70, process.ExitCode);
                Assert.Contains("exited", await File.ReadAllLinesAsync(log));
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                File.Delete(log);
            }
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
