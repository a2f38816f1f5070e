using Kane.Actors.Cmd;

namespace Kane.Actors.Tests.Cmd;

public sealed class JobFileSpec
{
    [Fact]
    public void A_minimal_file_gets_a_fresh_id_its_name_and_normal_priority()
    {
        var (spec, error) = JobFile.Parse("""{"tasks": [{"id": "t1", "type": "kane.noop"}]}""");
        Assert.Null(error);
        Assert.StartsWith("job-", spec!.JobId);
        Assert.Equal(spec.JobId, spec.Name);
        Assert.Equal(TaskPriority.Normal, spec.Priority);
        var task = Assert.Single(spec.Tasks);
        Assert.Equal(("t1", "kane.noop", TaskPriority.Normal), (task.Id, task.Type, task.Priority));
        Assert.Empty(task.Items);
        Assert.Same(TaskAffinity.None, task.Affinity);
    }

    [Fact]
    public void Every_field_of_a_full_file_reaches_the_spec()
    {
        var (spec, error) = JobFile.Parse("""
            {
              // comments and trailing commas are allowed
              "id": "nightly-1", "name": "nightly", "priority": "high",
              "roots": {"sources": ["/data/in"], "target": "/data/out"},
              "deadline": "2026-12-01T00:00:00Z", "metadata": {"owner": "ops"},
              "tasks": [
                {"id": "t1", "type": "kane.sleep", "metadata": {"ms": "100"}},
                {"id": "t2", "type": "kane.noop", "dependsOn": ["t1"], "priority": "low", "rank": 3, "items": ["a", "b"],
                 "maxRetries": 2, "timeout": "1.5s", "requiredCapabilities": ["fs"], "preferredAgents": ["h:1/0"],},
              ],
            }
            """, "nightly.json");
        Assert.Null(error);
        Assert.Equal(("nightly-1", "nightly", TaskPriority.High), (spec!.JobId, spec.Name, spec.Priority));
        Assert.Equal(["/data/in"], spec.Roots.Sources);
        Assert.Equal("/data/out", spec.Roots.Target);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), spec.Deadline);
        Assert.Equal("ops", spec.Metadata["owner"]);
        Assert.Equal(TaskPriority.High, spec.Tasks[0].Priority);
        Assert.Equal("100", spec.Tasks[0].Metadata["ms"]);
        var t2 = spec.Tasks[1];
        Assert.Equal((TaskPriority.Low, 3, 2, TimeSpan.FromMilliseconds(1500)), (t2.Priority, t2.Rank, t2.MaxRetries!.Value, t2.Timeout!.Value));
        Assert.Equal(["t1"], t2.DependsOn);
        Assert.Equal(["a", "b"], t2.Items);
        Assert.Equal(["fs"], t2.Affinity.RequiredCapabilities);
        Assert.Equal(["h:1/0"], t2.Affinity.PreferredAgents);
    }

    [Theory]
    [InlineData("""{"tasks": [{"id": "t1", "type": "kane.noop"}""", "jobs.json is not a valid job file at line 1")]
    [InlineData("""{"tasks": [{"id": "t1", "type": "kane.noop", "depends": ["x"]}]}""", "a task has no field 'depends': check the spelling")]
    [InlineData("""{"task": [{"id": "t1", "type": "kane.noop"}]}""", "jobs.json is not a valid job file at line 1, column 9: the job has no field 'task'")]
    [InlineData("""{"roots": {"source": []}, "tasks": [{"id": "t1", "type": "kane.noop"}]}""", "\"roots\" has no field 'source'")]
    [InlineData("""{"tasks": []}""", "jobs.json has no tasks: add a \"tasks\" array")]
    [InlineData("""{"name": "x"}""", "jobs.json has no tasks")]
    [InlineData("null", "jobs.json holds no job")]
    [InlineData("""{"tasks": [{"type": "kane.noop"}]}""", "jobs.json: task 1 has no \"id\"")]
    [InlineData("""{"tasks": [{"id": "t1"}]}""", "jobs.json: task t1 has no \"type\"")]
    [InlineData("""{"tasks": [{"id": "t1", "type": "Kane Noop"}]}""", "type 'Kane Noop' must be lowercase letters")]
    [InlineData("""{"tasks": [{"id": "t1", "type": "kane.noop", "timeout": "soon"}]}""", "timeout 'soon' is not a duration like 500ms")]
    [InlineData("""{"priority": "urgent", "tasks": [{"id": "t1", "type": "kane.noop"}]}""", "jobs.json is not a valid job file")]
    [InlineData("""{"id": "bad id", "tasks": [{"id": "t1", "type": "kane.noop"}]}""", "job id 'bad id' must be 1–100 characters")]
    [InlineData("""{"tasks": [{"id": "a", "type": "x", "dependsOn": ["b"]}, {"id": "b", "type": "x", "dependsOn": ["a"]}]}""", "in a cycle: a → b → a")]
    [InlineData("""{"tasks": [{"id": "a", "type": "x", "dependsOn": ["zz"]}]}""", "depends on 'zz', which is not a task")]
    [InlineData("""{"tasks": [{"id": "a", "type": "x"}, {"id": "a", "type": "x"}]}""", "task id 'a' appears twice")]
    public void A_bad_file_is_refused_with_one_line_that_says_what_to_fix(string json, string expected)
    {
        var (spec, error) = JobFile.Parse(json, "jobs.json");
        Assert.Null(spec);
        Assert.Contains(expected, error);
        Assert.DoesNotContain('\n', error!);
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    public void Durations_read_with_their_unit(string text, double ms) => Assert.Equal(TimeSpan.FromMilliseconds(ms), JobFileTask.ParseDuration(text));

    [Theory]
    [InlineData("30")]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("fast")]
    public void Durations_without_a_unit_or_not_positive_are_refused(string text) => Assert.Null(JobFileTask.ParseDuration(text));
}
