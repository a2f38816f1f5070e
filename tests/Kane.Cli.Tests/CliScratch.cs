using System.Diagnostics;

namespace Kane.Cli.Tests;

/// <summary>A spec's scratch folder (removed afterwards) and the kane command line run in process.</summary>
public abstract class CliScratch(string prefix) : IDisposable
{
    /// <summary>The scratch folder, new for each test.</summary>
    protected readonly string _dir = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        // rm, not Directory.Delete: .NET cannot address a name that is not valid UTF-8.
        using var rm = Process.Start(new ProcessStartInfo("rm", ["-rf", "--", _dir]))!;
        rm.WaitForExit();
        GC.SuppressFinalize(this);
    }

    /// <summary>A path inside the scratch folder.</summary>
    protected string P(string relative) => Path.Combine(_dir, relative);

    /// <summary>Runs <c>kane ARGS</c> in this process; its exit code and what it wrote.</summary>
    protected static async Task<(int Exit, string Out, string Err)> Kane(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await KaneCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
