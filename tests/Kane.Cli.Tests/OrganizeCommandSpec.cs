using System.Diagnostics;
using System.Text.Json;

namespace Kane.Cli.Tests;

/// <summary><c>kane organize</c> and <c>kane jobs undo</c> through the command line, with plain (non-terminal) output.</summary>
public sealed class OrganizeCommandSpec() : CliScratch("kane-org-cli-")
{
    private int FilesUnder(string relative) =>
        Directory.GetFiles(P(relative), "*", SearchOption.AllDirectories).Count(f => !f.Contains("/.kane/", StringComparison.Ordinal));

    private void Tree()
    {
        Directory.CreateDirectory(P("src/a"));
        Directory.CreateDirectory(P("src/b"));
        for (var i = 0; i < 10; i++) File.WriteAllText(P($"src/a/f{i}.txt"), $"file {i}");
        File.WriteAllText(P("src/b/copy.txt"), "file 3");
        File.WriteAllText(P("src/b/main.cs"), "class C {}");
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("same", "same folder")]
    [InlineData("file", "is a file")]
    [InlineData("delete", "add --yes")]
    [InlineData("layout", "bad --layout")]
    [InlineData("journal", "--journal needs sqlite:PATH or postgres:CONNSTRING")]
    [InlineData("cluster", "--cluster needs HOST:PORT")]
    public async Task Bad_input_exits_2_with_a_clear_message_and_changes_nothing(string what, string message)
    {
        Tree();
        File.WriteAllText(P("afile"), "x");
        string[] args = what switch
        {
            "missing" => ["organize", P("nope"), "--into", P("dst")],
            "same" => ["organize", P("src"), "--into", P("src")],
            "file" => ["organize", P("src"), "--into", P("afile")],
            "delete" => ["organize", P("src"), "--into", P("dst"), "--duplicates", "delete"],
            "journal" => ["organize", P("src"), "--into", P("dst"), "--journal", "bogus"],
            "cluster" => ["organize", P("src"), "--into", P("dst"), "--cluster", "localhost"],
            _ => ["organize", P("src"), "--into", P("dst"), "--layout", "{nope}/{name}{ext}"],
        };

        var (exit, _, err) = await Kane(args);

        Assert.Equal(2, exit);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(P("dst")));
        Assert.Equal(12, Directory.GetFiles(P("src"), "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task Organize_then_undo_puts_every_file_back()
    {
        Tree();
        var before = Directory.GetFiles(P("src"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        var (exit, output, err) = await Kane("organize", P("src"), "--into", P("dst"));

        Assert.True(exit == 0, err + output);
        Assert.Empty(Directory.GetFiles(P("src"), "*", SearchOption.AllDirectories));
        Assert.Equal(12, Directory.GetFiles(P("dst"), "*", SearchOption.AllDirectories).Count(f => !f.Contains("/.kane/", StringComparison.Ordinal)));
        Assert.Contains("duplicates: 1 groups", output, StringComparison.Ordinal);
        var job = output.Split('\n').Single(l => l.StartsWith("Undo with: kane jobs undo ", StringComparison.Ordinal)).Split(' ')[5];

        var (undoExit, undoOut, undoErr) = await Kane("jobs", "undo", job, "--into", P("dst"));

        Assert.True(undoExit == 0, undoErr + undoOut);
        Assert.Equal(before, Directory.GetFiles(P("src"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Json_prints_one_summary_object_on_stdout_and_undo_json_reports_what_it_moved_back()
    {
        Tree();

        var (exit, output, err) = await Kane("organize", P("src"), "--into", P("dst"), "--json");

        Assert.True(exit == 0, err + output);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var summary = JsonDocument.Parse(line);
        var root = summary.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.Equal(12, root.GetProperty("files").GetInt64());
        Assert.Equal(12, root.GetProperty("done").GetInt64());
        Assert.Equal(1, root.GetProperty("duplicates").GetProperty("groups").GetInt32());
        Assert.Equal("file 3".Length, root.GetProperty("duplicates").GetProperty("reclaimableBytes").GetInt64());
        Assert.Equal(11, root.GetProperty("categories").GetProperty("documents").GetInt64());
        Assert.Equal(1, root.GetProperty("categories").GetProperty("code").GetInt64());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
        var node = Assert.Single(root.GetProperty("nodes").EnumerateArray());
        Assert.True(node.GetProperty("tasks").GetInt32() > 0);
        // Every file is at least scanned and moved there: two steps each.
        Assert.True(node.GetProperty("fileSteps").GetInt64() >= 24, $"fileSteps {node.GetProperty("fileSteps")}");
        Assert.DoesNotContain("\u001b", line, StringComparison.Ordinal); // no terminal markup
        Assert.Contains("scan", err, StringComparison.Ordinal); // the progress lines went to stderr
        var job = root.GetProperty("job").GetString()!;

        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            var (stoppedOut, stoppedErr) = (new StringWriter(), new StringWriter());
            var stopped = await KaneCli.RunAsync(["jobs", "undo", job, "--into", P("dst"), "--json"], stoppedOut, stoppedErr, cancelled.Token);
            Assert.True(stopped == 1, stoppedErr.ToString() + stoppedOut);
            Assert.Contains("run the same command again to finish", stoppedErr.ToString(), StringComparison.Ordinal);
            Assert.Equal(12, FilesUnder("dst"));
        }

        var (undoExit, undoOut, undoErr) = await Kane("jobs", "undo", job, "--into", P("dst"), "--json");

        Assert.True(undoExit == 0, undoErr + undoOut);
        using var undo = JsonDocument.Parse(Assert.Single(undoOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(12, undo.RootElement.GetProperty("restored").GetInt32());
        Assert.Equal(0, undo.RootElement.GetProperty("problems").GetArrayLength());
        Assert.Equal(12, FilesUnder("src"));
    }

    [Fact]
    public async Task A_file_that_cannot_be_organised_exits_1_and_is_listed_with_its_path_and_reason_in_the_json()
    {
        Tree();
        // A name that is not valid UTF-8 (byte 0xFF): .NET cannot address it, so it stays where it is, as an error.
        using (var touch = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "touch \"$1/bad-$(printf '\\377').txt\"", "sh", P("src/b")]))!)
            await touch.WaitForExitAsync();
        Assert.Equal(13, Directory.GetFiles(P("src"), "*", SearchOption.AllDirectories).Length);

        var (exit, output, err) = await Kane("organize", P("src"), "--into", P("dst"), "--json");

        Assert.True(exit == 1, err + output);
        using var summary = JsonDocument.Parse(output);
        Assert.Equal("completed-with-errors", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, summary.RootElement.GetProperty("exitCode").GetInt32());
        var error = Assert.Single(summary.RootElement.GetProperty("errors").EnumerateArray());
        Assert.StartsWith(P("src/b/bad-"), error.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Contains("UTF-8", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(12, FilesUnder("dst"));
        Assert.Single(Directory.GetFiles(P("src"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Ctrl_C_cancels_with_exit_1_and_the_same_command_resumes_to_every_file_at_its_target_once()
    {
        Tree();
        using var cancel = new CancellationTokenSource();
        var output = new StringWriter();
        // With --json the progress lines go to stderr: Ctrl-C as soon as the first one appears.
        var error = new OnLine(line => { if (line.StartsWith("scan", StringComparison.Ordinal)) cancel.Cancel(); });

        var exit = await KaneCli.RunAsync(["organize", P("src"), "--into", P("dst"), "--json"], output, error, cancel.Token);

        Assert.True(exit == 1, error + output.ToString());
        using (var stopped = JsonDocument.Parse(output.ToString()))
            Assert.Equal("cancelled", stopped.RootElement.GetProperty("status").GetString());
        Assert.Contains("run the same command again to resume", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(12, FilesUnder("src") + (Directory.Exists(P("dst")) ? FilesUnder("dst") : 0));

        var (again, againOut, againErr) = await Kane("organize", P("src"), "--into", P("dst"));

        Assert.True(again == 0, againErr + againOut);
        Assert.Equal(0, FilesUnder("src"));
        Assert.Equal(12, FilesUnder("dst"));
    }

    [Fact]
    public async Task A_cluster_that_does_not_answer_exits_1_before_the_target_is_created()
    {
        Tree();
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exit, output, err) = await Kane("organize", P("src"), "--into", P("dst"), "--cluster", $"127.0.0.1:{port}", "--json");

        Assert.True(exit == 1, err + output);
        Assert.Contains($"127.0.0.1:{port}", err, StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.False(Directory.Exists(P("dst")));
        Assert.Equal(12, FilesUnder("src"));
    }

    private sealed class OnLine(Action<string> line) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            line(value ?? "");
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
