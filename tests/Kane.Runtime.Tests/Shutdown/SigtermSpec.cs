using System.Diagnostics;

namespace Kane.Runtime.Tests.Shutdown;

public sealed class SigtermSpec
{
    [Fact]
    public async Task SIGTERM_runs_the_coordinated_shutdown_phases_before_the_process_exits()
    {
        var host = Path.Combine(AppContext.BaseDirectory, "Kane.Runtime.SignalHost.dll");
        Assert.True(File.Exists(host), $"{host} is built with the tests");
        var log = Path.Combine(Path.GetTempPath(), $"kane-sigterm-{Guid.NewGuid():N}.log");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [host, log]) { RedirectStandardOutput = true })!;
        try
        {
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, Kill(process.Id, 15));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var lines = await File.ReadAllLinesAsync(log);
            Assert.Equal(["service-unbind", "cluster-leave", "before-actor-system-terminate", "terminated:process exit"], lines);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            File.Delete(log);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
