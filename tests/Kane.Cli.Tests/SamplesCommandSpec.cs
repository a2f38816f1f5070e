namespace Kane.Cli.Tests;

public sealed class SamplesCommandSpec : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-samples-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Kane(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = KaneCli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Samples_make_writes_the_requested_number_of_files_and_says_what_it_made()
    {
        var tree = Path.Combine(_dir, "tree");
        var (exit, output, error) = Kane("samples", "make", tree, "--files", "120", "--seed", "3", "--mean-size", "2000");
        Assert.True(exit == 0, error);
        Assert.StartsWith("made 120 files", output);
        Assert.Contains("files/s", output);
        Assert.Equal(120, Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public void Samples_make_refuses_a_folder_that_holds_files()
    {
        File.WriteAllText(Path.Combine(_dir, "mine.txt"), "keep me");
        var (exit, _, error) = Kane("samples", "make", _dir, "--files", "10");
        Assert.Equal(1, exit);
        Assert.Contains("not empty", error);
        Assert.Single(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void Samples_make_with_a_bad_option_is_a_usage_error_naming_it()
    {
        var (exit, _, error) = Kane("samples", "make", Path.Combine(_dir, "t"), "--duplicates", "2");
        Assert.Equal(2, exit);
        Assert.Contains("bad --duplicates 2", error);
    }
}
