using System.Diagnostics;
using System.Globalization;

namespace Kane.MultiNode.Internal;

internal enum RoleStatus
{
    /// <summary>Launched; its system is not up yet. Counts at barriers.</summary>
    Starting,

    /// <summary>Its system is up and it is running the spec.</summary>
    Running,

    /// <summary>It passed the closing barrier and is shutting down.</summary>
    Done,

    /// <summary>The conductor is killing it or told it to exit.</summary>
    Stopping,

    /// <summary>The runner is killing it because the spec failed.</summary>
    Aborting,

    /// <summary>No process.</summary>
    Stopped,
}

/// <summary>One role on the controller's side: its fixed host and port, its current process and the log of all its incarnations.</summary>
internal sealed class RoleProcess(RoleName role, string host, int port, string logPath) : IDisposable
{
    private readonly object _logLock = new();
    private StreamWriter? _log;

    public RoleName Role { get; } = role;

    public string Host { get; } = host;

    public int Port { get; } = port;

    public string LogPath { get; } = logPath;

    public int Incarnation { get; private set; }

    public RoleStatus Status { get; set; } = RoleStatus.Stopped;

    /// <summary>The exit code the conductor asked for; null when it kills.</summary>
    public int? ExpectedExitCode { get; set; }

    /// <summary>What the node reported when its spec failed.</summary>
    public string? FailureMessage { get; set; }

    public ControlConnection? Connection { get; set; }

    public Process? Process { get; private set; }

    public TaskCompletionSource Hello { get; private set; } = NewSignal();

    /// <summary>Completes when the current process has exited and its exit is accounted for.</summary>
    public TaskCompletionSource Exited { get; private set; } = NewSignal();

    public List<int> ProcessIds { get; } = [];

    public string Address(string systemName) => string.Create(CultureInfo.InvariantCulture, $"kane.tcp://{systemName}@{Host}:{Port}");

    /// <summary>Starts the next incarnation; returns its exit code when it ends (stdout and stderr drained into the log).</summary>
    public Task<int> Launch(string fileName, IEnumerable<string> arguments)
    {
        Incarnation++;
        Status = RoleStatus.Starting;
        ExpectedExitCode = null;
        FailureMessage = null;
        Connection = null;
        Hello = NewSignal();
        Exited = NewSignal();
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var incarnation = Incarnation;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Write(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Write("stderr| " + e.Data); };
        Write($"=== {Role} incarnation {incarnation} on {Host}:{Port}: {fileName} {string.Join(' ', start.ArgumentList)}");
        process.Start();
        ProcessIds.Add(process.Id);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Process = process;
        return WaitAsync(process);
    }

    private static async Task<int> WaitAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>SIGKILL, no shutdown code runs.</summary>
    public void Kill()
    {
        try { Process?.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already exited
    }

    public void Write(string line)
    {
        lock (_logLock)
        {
            _log ??= new StreamWriter(LogPath, append: true) { AutoFlush = true };
            _log.WriteLine(line);
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of the log.</summary>
    public string Tail(int lines)
    {
        lock (_logLock)
        {
            if (!File.Exists(LogPath)) return "(no log)";
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
    }

    public void Dispose()
    {
        lock (_logLock) _log?.Dispose();
        Process?.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
