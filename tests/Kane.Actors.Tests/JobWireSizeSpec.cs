using Kane.Actors.Internal;

namespace Kane.Actors.Tests;

/// <summary>Messages that carry tasks are split below the remote frame limit.</summary>
public sealed class JobWireSizeSpec
{
    private static KaneTask Task(int i, int paths = 1) =>
        new($"t{i}", "file-hash", TaskPriority.Normal, [.. Enumerable.Range(0, paths).Select(p => $"/data/photos/2026/{i}/{p}.jpg")]);

    [Fact]
    public void Chunks_stay_under_the_budget_and_the_count_and_keep_every_item_in_order()
    {
        var tasks = Enumerable.Range(0, 5000).Select(i => Task(i, paths: i % 7)).ToList();
        var chunks = WireSize.Chunks(tasks, t => t, 1000).ToList();
        Assert.All(chunks, c => Assert.True(c.Count <= 1000 && c.Sum(WireSize.Of) <= WireSize.Budget));
        Assert.Equal(tasks, chunks.SelectMany(c => c));
        Assert.True(chunks.Count > 5);
    }

    [Fact]
    public void The_estimate_is_above_the_real_json_size()
    {
        var task = Task(1, paths: 50) with { DependsOn = ["a", "b"], Metadata = new Dictionary<string, string> { ["layout"] = "{year}/{month}" } };
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(task, AgentsWire.Json).Length;
        Assert.InRange(WireSize.Of(task), json, json * 2);
    }

    [Fact]
    public void A_task_too_large_to_travel_is_named_with_how_to_fix_it()
    {
        Assert.Null(WireSize.CheckTasks([Task(1, 10)]));
        Assert.Contains("split its items", WireSize.CheckTasks([Task(1, 10), Task(2, 5000)]));
    }

    [Fact]
    public void Results_that_carry_follow_up_tasks_are_split_below_the_frame_and_each_estimate_is_above_its_json()
    {
        // Scan results with 32 KB of follow-up folders each: a node's batch of 100 results was one message of ~3 MB.
        var followUps = Enumerable.Range(0, 4).Select(i => Task(i, paths: 100)).ToList();
        var results = Enumerable.Range(0, 100).Select(i => new TaskResult($"scan-{i}", 1, "agent-1", new TaskOutcome(10) { FollowUps = followUps }, null, 0, DateTimeOffset.UnixEpoch, 5)).ToList();
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(results[0], AgentsWire.Json).Length;
        Assert.InRange(WireSize.Of(results[0]), json, json * 2);

        var chunks = WireSize.ChunksBySize(results, WireSize.Of, 100).ToList();

        Assert.All(chunks, c => Assert.True(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(c, AgentsWire.Json).Length < 128_000));
        Assert.Equal(results, chunks.SelectMany(c => c));
    }
}
