namespace Kane.Cli.Tests;

/// <summary><c>kane organize</c> and <c>kane jobs undo</c> through the command line, with plain (non-terminal) output.</summary>
public sealed class OrganizeCommandSpec : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-org-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string relative) => Path.Combine(_dir, relative);

    private static async Task<(int Exit, string Out, string Err)> Kane(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await KaneCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

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
}
