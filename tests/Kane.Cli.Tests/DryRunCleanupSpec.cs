using System.Diagnostics;
using Kane.Cli.Organize;

namespace Kane.Cli.Tests;

/// <summary>
/// Signals to the real <c>kane</c> process. SIGTERM, SIGHUP and SIGINT cancel a run like Ctrl-C. A dry run keeps its
/// state in <c>TMP/kane-dry-run-*</c>: removed however the process is ended that it can notice, and the next dry run
/// removes what a SIGKILL left behind.
/// </summary>
public sealed class DryRunCleanupSpec : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-dry-clean-").FullName;

    public void Dispose()
    {
        using var rm = Process.Start(new ProcessStartInfo("rm", ["-rf", "--", _dir]))!;
        rm.WaitForExit();
    }

    private string Tmp => Path.Combine(_dir, "tmp");

    private string[] DryFolders() => Directory.GetDirectories(Tmp, DryRunState.Prefix + "*");

    private void Tree(int files)
    {
        Directory.CreateDirectory(Tmp);
        for (var d = 0; d < 20; d++)
        {
            var dir = Path.Combine(_dir, "src", $"d{d}");
            Directory.CreateDirectory(dir);
            for (var i = 0; i < files / 20; i++) File.WriteAllText(Path.Combine(dir, $"f{i}.txt"), $"file {d} {i}");
        }
    }

    /// <summary>
    /// Whether <c>env --default-signal</c> (GNU coreutils 8.31+) is here. A process started in the background by a
    /// non-interactive shell (a CI runner's <c>cmd &amp;</c>) has SIGINT ignored, its children inherit that, and .NET then
    /// leaves SIGINT ignored as a shell would: the child is started with SIGINT back at its default.
    /// </summary>
    private static readonly Lazy<bool> DefaultSignals = new(() =>
    {
        try
        {
            using var env = Process.Start(new ProcessStartInfo("env", ["--default-signal=INT", "true"]) { RedirectStandardError = true })!;
            env.WaitForExit();
            return env.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    /// <summary>The real kane command (the kane.dll built beside this test) as a child process, with TMPDIR in this test's folder.</summary>
    private Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(DefaultSignals.Value ? "env" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (DefaultSignals.Value)
        {
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kane.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["TMPDIR"] = Tmp;
        return Process.Start(info)!;
    }

    private async Task<string[]> WaitForDryFolderAsync(Process kane)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DryFolders() is { Length: 0 } && !kane.HasExited && DateTime.UtcNow < deadline) await Task.Delay(5);
        return DryFolders();
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("HUP")]
    [InlineData("INT")]
    public async Task A_dry_run_ended_by_a_signal_exits_1_and_removes_its_temporary_folder(string signal)
    {
        Tree(2000);
        using var kane = Start("organize", Path.Combine(_dir, "src"), "--into", Path.Combine(_dir, "dst"), "--dry-run");
        var stderr = kane.StandardError.ReadToEndAsync();
        var stdout = kane.StandardOutput.ReadToEndAsync();
        Assert.Single(await WaitForDryFolderAsync(kane));

        Signal(kane, signal);
        await kane.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(kane.ExitCode == 1, $"exit {kane.ExitCode}: {await stderr}{await stdout}");
        Assert.Contains("cancelled. A dry run changes nothing", await stderr, StringComparison.Ordinal);
        Assert.Empty(DryFolders());
        Assert.False(Directory.Exists(Path.Combine(_dir, "dst")));
    }

    [Fact]
    public async Task A_run_ended_by_SIGTERM_cancels_its_job_like_Ctrl_C_and_the_same_command_resumes_to_every_file_once()
    {
        Tree(20_000);
        string[] args = ["organize", Path.Combine(_dir, "src"), "--into", Path.Combine(_dir, "dst")];
        using (var kane = Start(args))
        {
            var stderr = kane.StandardError.ReadToEndAsync();
            // Plain progress lines on stdout: the organize phase's first line means its job runs (for seconds, at 20,000 files).
            string? line;
            do line = await kane.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
            while (line is not null && !line.StartsWith("organize", StringComparison.Ordinal));
            Assert.NotNull(line);
            Signal(kane, "TERM");
            var rest = kane.StandardOutput.ReadToEndAsync();
            await kane.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));

            Assert.True(kane.ExitCode == 1, $"exit {kane.ExitCode}: {await stderr}{await rest}");
            Assert.Contains("cancelled. Every file is at its source or its target", await stderr, StringComparison.Ordinal);
        }
        Assert.Equal(20_000, Count("src") + Count("dst"));

        using var again = Start(args);
        var againErr = again.StandardError.ReadToEndAsync();
        var againOut = again.StandardOutput.ReadToEndAsync();
        await again.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(300));

        Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}: {await againErr}{await againOut}");
        Assert.Equal(0, Count("src"));
        Assert.Equal(20_000, Count("dst"));
    }

    private int Count(string relative) =>
        Directory.Exists(Path.Combine(_dir, relative))
            ? Directory.GetFiles(Path.Combine(_dir, relative), "*", SearchOption.AllDirectories).Count(f => !f.Contains("/.kane/", StringComparison.Ordinal))
            : 0;

    [Fact]
    public async Task The_folder_of_a_dry_run_killed_with_SIGKILL_is_removed_by_the_next_dry_run()
    {
        Tree(2000);
        using (var killed = Start("organize", Path.Combine(_dir, "src"), "--into", Path.Combine(_dir, "dst"), "--dry-run"))
        {
            Assert.Single(await WaitForDryFolderAsync(killed));
            killed.Kill();
            await killed.WaitForExitAsync();
        }
        Assert.Single(DryFolders());

        using var next = Start("organize", Path.Combine(_dir, "src", "d0"), "--into", Path.Combine(_dir, "dst"), "--dry-run");
        var stderr = next.StandardError.ReadToEndAsync();
        var stdout = next.StandardOutput.ReadToEndAsync();
        await next.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(next.ExitCode == 0, $"exit {next.ExitCode}: {await stderr}{await stdout}");
        Assert.Empty(DryFolders());
    }

    [Fact]
    public void A_sweep_removes_folders_whose_owner_is_gone_and_keeps_those_a_live_run_holds()
    {
        Directory.CreateDirectory(Tmp);
        // No process has this id (above any pid_max).
        var dead = Directory.CreateDirectory(Path.Combine(Tmp, DryRunState.Prefix + "99999999-aaaaaaaaaaaa")).FullName;
        // Process 1 runs, but nobody holds this folder's owner lock: its id was reused.
        var reused = Directory.CreateDirectory(Path.Combine(Tmp, DryRunState.Prefix + "1-bbbbbbbbbbbb")).FullName;
        File.WriteAllText(Path.Combine(reused, ".owner"), "");
        // Process 1 runs and the lock is held (by this test, standing in for a live run).
        var held = Directory.CreateDirectory(Path.Combine(Tmp, DryRunState.Prefix + "1-cccccccccccc")).FullName;
        using var owner = new FileStream(Path.Combine(held, ".owner"), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        // Process 1 runs and has not taken its lock yet (between making the folder and locking it).
        var starting = Directory.CreateDirectory(Path.Combine(Tmp, DryRunState.Prefix + "1-dddddddddddd")).FullName;

        var removed = DryRunState.SweepStale(Tmp);

        Assert.Equal(2, removed);
        Assert.False(Directory.Exists(dead));
        Assert.False(Directory.Exists(reused));
        Assert.True(Directory.Exists(held));
        Assert.True(Directory.Exists(starting));
    }
}
