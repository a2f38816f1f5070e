namespace Kane.Actors.Tests;

public sealed class JobSpecSpec
{
    private static KaneTask T(string id, params string[] deps) => new(id, "test.noop", TaskPriority.Normal, []) { DependsOn = deps };

    [Fact]
    public void A_valid_graph_passes() =>
        Assert.Null(new JobSpec("job-1", "n", TaskPriority.Normal, [T("a"), T("b", "a"), T("c", "a", "b")]).Validate());

    [Fact]
    public void A_cycle_is_named()
    {
        var error = new JobSpec("job-1", "n", TaskPriority.Normal, [T("a", "c"), T("b", "a"), T("c", "b")]).Validate();
        Assert.NotNull(error);
        Assert.Contains("cycle", error);
        Assert.Contains("a", error);
    }

    [Theory]
    [InlineData("bad id")]
    [InlineData("")]
    [InlineData("a/b")]
    public void Bad_job_ids_are_refused(string id) =>
        Assert.Contains("job id", new JobSpec(id, "n", TaskPriority.Normal, []).Validate());

    [Fact]
    public void Duplicate_task_ids_unknown_dependencies_and_bad_types_are_refused()
    {
        Assert.Contains("twice", new JobSpec("j", "n", TaskPriority.Normal, [T("a"), T("a")]).Validate());
        Assert.Contains("not a task", new JobSpec("j", "n", TaskPriority.Normal, [T("a", "zz")]).Validate());
        Assert.Contains("type", new JobSpec("j", "n", TaskPriority.Normal, [new KaneTask("a", "Bad Type", TaskPriority.Low, [])]).Validate());
    }

    [Fact]
    public void A_deep_chain_does_not_overflow()
    {
        var tasks = Enumerable.Range(0, 100_000).Select(i => i == 0 ? T("t0") : T("t" + i, "t" + (i - 1))).ToList();
        Assert.Null(new JobSpec("j", "n", TaskPriority.Normal, tasks).Validate());
    }

    [Fact]
    public void Paths_outside_the_roots_are_refused()
    {
        var roots = new JobRoots(["/data/src"], "/data/dst");
        Assert.Equal("/data/src/a.jpg", roots.Resolve("/data/src/a.jpg"));
        Assert.Equal("/data/dst/x/y", roots.Resolve("/data/dst/x/../x/y"));
        var e = Assert.Throws<TaskFailedException>(() => roots.Resolve("/etc/passwd"));
        Assert.Equal(ErrorCodes.EINVAL, e.Error.Code);
        Assert.Throws<TaskFailedException>(() => roots.Resolve("/data/src/../../etc/passwd"));
        Assert.Throws<TaskFailedException>(() => roots.Resolve("/data/srcother/a"));
    }
}
