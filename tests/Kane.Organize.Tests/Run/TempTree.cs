using System.Diagnostics;

namespace Kane.Organize.Tests.Run;

/// <summary>A temporary folder for one test, deleted afterwards.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "kane-org-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string P(string relative) => Path.Combine(Root, relative);

    /// <summary>Writes <paramref name="bytes"/> at <paramref name="relative"/>, creating folders.</summary>
    public string File(string relative, byte[] bytes, DateTime? mtime = null)
    {
        var path = P(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, bytes);
        if (mtime is { } t) System.IO.File.SetLastWriteTime(path, t);
        return path;
    }

    public string Text(string relative, string text, DateTime? mtime = null) => File(relative, System.Text.Encoding.UTF8.GetBytes(text), mtime);

    /// <summary>Runs a shell command in the tree (for what .NET cannot create: FIFOs, invalid UTF-8 names).</summary>
    public void Shell(string command)
    {
        using var p = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { WorkingDirectory = Root, RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"'{command}' failed: {p.StandardError.ReadToEnd()}");
    }

    /// <summary>Every regular file (symlinks left out) under <paramref name="relative"/>, relative paths, ordinal order.</summary>
    public IReadOnlyList<string> FilesUnder(string relative, params string[] skip) =>
        [.. Directory.EnumerateFiles(P(relative), "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(f => new FileInfo(f).LinkTarget is null)
            .Select(f => Path.GetRelativePath(P(relative), f))
            .Where(f => !skip.Any(s => f.StartsWith(s, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
