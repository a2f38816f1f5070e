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
}
