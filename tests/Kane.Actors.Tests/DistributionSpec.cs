using Kane.Actors.Internal;

namespace Kane.Actors.Tests;

/// <summary>The coordinator's placement decision and its ready queue, without actors.</summary>
public sealed class DistributionSpec
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static NodeCandidate Node(string name, int queued = 0, int running = 0, int slots = 4, double load = 0, bool accepting = true,
        bool reachable = true, string[]? caps = null, string[]? types = null) =>
        new(new NodeRef(name, 1, $"kane://kane@{name}/user/kane-node"), (caps ?? []).ToHashSet(), (types ?? ["t"]).ToHashSet(), slots, queued, running,
            accepting, reachable, load);

    private static QueuedOffer Offer(string id, string job = "j", TaskPriority priority = TaskPriority.Normal, int rank = 0, string type = "t",
        string[]? caps = null, int attempt = 1, TaskPriority jobPriority = TaskPriority.Normal, int seq = 0) =>
        new(job, jobPriority, new TaskOffer(new KaneTask(id, type, priority, []) { Rank = rank, Affinity = new TaskAffinity(caps ?? [], []) }, attempt, 0, T0), seq);

    private static List<QueuedOffer> Offers(int n) => [.. Enumerable.Range(0, n).Select(i => Offer($"t{i}", seq: i))];

    private static Dictionary<string, int> CountByNode(DistributionPlan plan) =>
        plan.Assignments.GroupBy(a => a.Node.Node).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public void Least_loaded_spreads_tasks_evenly_over_idle_nodes()
    {
        var plan = Distribution.Plan(Offers(30), [Node("a"), Node("b"), Node("c")], DistributionStrategy.LeastLoaded, 1000, 0.8, 0, new Random(1));
        Assert.Equal(30, plan.Assignments.Count);
        Assert.All(CountByNode(plan).Values, c => Assert.Equal(10, c));
    }

    [Fact]
    public void Least_loaded_gives_more_to_the_node_with_less_work_per_slot_and_lower_heartbeat_load()
    {
        var plan = Distribution.Plan(Offers(10), [Node("busy", queued: 20), Node("hot", load: 0.7), Node("idle")], DistributionStrategy.LeastLoaded, 1000, 0.8, 0, new Random(1));
        var counts = CountByNode(plan);
        Assert.False(counts.ContainsKey("busy"));
        Assert.True(counts["idle"] > counts.GetValueOrDefault("hot"));
        Assert.Equal(10, counts.Values.Sum());
    }

    [Fact]
    public void Round_robin_takes_the_nodes_in_turn_and_carries_its_position_to_the_next_round()
    {
        var nodes = new[] { Node("a"), Node("b"), Node("c") };
        var first = Distribution.Plan(Offers(4), nodes, DistributionStrategy.RoundRobin, 1000, 0.8, 0, new Random(1));
        Assert.Equal(["a", "b", "c", "a"], first.Assignments.Select(a => a.Node.Node));
        var second = Distribution.Plan(Offers(2), nodes, DistributionStrategy.RoundRobin, 1000, 0.8, first.NextCursor, new Random(1));
        Assert.Equal(["b", "c"], second.Assignments.Select(a => a.Node.Node));
    }

    [Fact]
    public void Random_uses_only_eligible_nodes_and_reaches_each_of_them()
    {
        var nodes = new[] { Node("a"), Node("b"), Node("closed", accepting: false), Node("c") };
        var plan = Distribution.Plan(Offers(300), nodes, DistributionStrategy.Random, 1000, 0.8, 0, new Random(7));
        var counts = CountByNode(plan);
        Assert.Equal(["a", "b", "c"], counts.Keys.Order());
        Assert.Equal(300, counts.Values.Sum());
    }

    [Fact]
    public void Capability_based_sends_a_task_to_the_closest_fitting_node_that_has_its_capabilities()
    {
        var nodes = new[] { Node("plain"), Node("fs", caps: ["fs"]), Node("all", caps: ["fs", "exif", "gpu"]) };
        var ready = new List<QueuedOffer> { Offer("exif", caps: ["exif"], seq: 1), Offer("fs", caps: ["fs"], seq: 2), Offer("any", seq: 3) };
        var plan = Distribution.Plan(ready, nodes, DistributionStrategy.CapabilityBased, 1000, 0.8, 0, new Random(1));
        var byTask = plan.Assignments.ToDictionary(a => a.Offer.Task.Id, a => a.Node.Node);
        Assert.Equal("all", byTask["exif"]);
        Assert.Equal("fs", byTask["fs"]);
        Assert.Equal("plain", byTask["any"]);
    }

    [Theory]
    [InlineData(DistributionStrategy.LeastLoaded)]
    [InlineData(DistributionStrategy.RoundRobin)]
    [InlineData(DistributionStrategy.Random)]
    [InlineData(DistributionStrategy.CapabilityBased)]
    public void No_strategy_uses_a_node_that_is_not_accepting_unreachable_over_the_threshold_or_lacks_the_handler(DistributionStrategy strategy)
    {
        var nodes = new[]
        {
            Node("closed", accepting: false), Node("gone", reachable: false), Node("hot", load: 0.95), Node("other", types: ["x"]),
            Node("nocap"), Node("ok", caps: ["fs"]),
        };
        var ready = Enumerable.Range(0, 20).Select(i => Offer($"t{i}", caps: ["fs"], seq: i)).ToList();
        var plan = Distribution.Plan(ready, nodes, strategy, 1000, 0.8, 0, new Random(3));
        Assert.Equal(20, plan.Assignments.Count);
        Assert.All(plan.Assignments, a => Assert.Equal("ok", a.Node.Node));
    }

    [Theory]
    [InlineData(DistributionStrategy.LeastLoaded)]
    [InlineData(DistributionStrategy.RoundRobin)]
    [InlineData(DistributionStrategy.Random)]
    [InlineData(DistributionStrategy.CapabilityBased)]
    public void When_every_node_is_closed_by_a_busy_machine_an_idle_one_still_gets_one_task_per_round(DistributionStrategy strategy)
    {
        // The embedded node of `kane organize` on a machine other processes keep busy: not accepting, or over the
        // threshold. Without this its jobs waited until the machine calmed down (minutes, or for ever).
        var nodes = new[] { Node("closed", accepting: false), Node("hot", load: 0.95), Node("closed-busy", accepting: false, running: 1), Node("gone", reachable: false, accepting: false) };
        var plan = Distribution.Plan(Offers(10), nodes, strategy, 1000, 0.8, 0, new Random(2));
        Assert.Equal(["closed", "hot"], plan.Assignments.Select(a => a.Node.Node).Order());

        var queuedThere = Distribution.Plan(Offers(10), [Node("closed", accepting: false, queued: 1)], strategy, 1000, 0.8, 0, new Random(2));
        Assert.Empty(queuedThere.Assignments);
    }

    [Fact]
    public void A_closed_idle_node_gets_nothing_while_a_willing_node_can_run_the_task_even_with_a_full_queue()
    {
        var nodes = new[] { Node("closed", accepting: false), Node("full", queued: 10) };
        var plan = Distribution.Plan(Offers(5), nodes, DistributionStrategy.LeastLoaded, 10, 0.8, 0, new Random(1));
        Assert.Empty(plan.Assignments);

        var gpu = new List<QueuedOffer> { Offer("needs-gpu", caps: ["gpu"], seq: 1), Offer("plain", seq: 2) };
        var mixed = Distribution.Plan(gpu, [Node("closed-gpu", accepting: false, caps: ["gpu"]), Node("open")], DistributionStrategy.LeastLoaded, 10, 0.8, 0, new Random(1));
        Assert.Equal([("needs-gpu", "closed-gpu"), ("plain", "open")], mixed.Assignments.Select(a => (a.Offer.Task.Id, a.Node.Node)).Order());
    }

    [Fact]
    public void The_node_queue_limit_caps_what_a_node_gets_and_the_rest_stays_queued()
    {
        var plan = Distribution.Plan(Offers(100), [Node("a", queued: 7), Node("b")], DistributionStrategy.LeastLoaded, 10, 0.8, 0, new Random(1));
        var counts = CountByNode(plan);
        Assert.Equal(3, counts["a"]);
        Assert.Equal(10, counts["b"]);
        Assert.Equal(13, plan.Assignments.Count);
    }

    [Fact]
    public void A_task_no_node_can_run_does_not_block_the_tasks_behind_it()
    {
        var ready = new List<QueuedOffer> { Offer("needs-gpu", priority: TaskPriority.Critical, caps: ["gpu"], seq: 1), Offer("plain", seq: 2) };
        var plan = Distribution.Plan(ready, [Node("a")], DistributionStrategy.LeastLoaded, 1000, 0.8, 0, new Random(1));
        Assert.Equal(["plain"], plan.Assignments.Select(a => a.Offer.Task.Id));
    }

    [Fact]
    public void Batches_are_per_job_and_node_and_at_most_the_batch_size()
    {
        var plan = Distribution.Plan([.. Offers(25), .. Enumerable.Range(0, 5).Select(i => Offer($"k{i}", job: "k", seq: 100 + i))],
            [Node("a"), Node("b")], DistributionStrategy.RoundRobin, 1000, 0.8, 0, new Random(1));
        var batches = Distribution.Batches(plan.Assignments, 10);
        Assert.All(batches, b => Assert.InRange(b.Tasks.Count, 1, 10));
        Assert.Equal(30, batches.Sum(b => b.Tasks.Count));
        Assert.All(batches, b => Assert.All(b.Tasks, t => Assert.StartsWith(b.JobId == "k" ? "k" : "t", t.TaskId)));
        Assert.Equal(4, batches.Count(b => b.JobId == "j"));
    }

    [Fact]
    public void The_ready_queue_orders_by_job_priority_task_priority_rank_then_age()
    {
        var q = new ReadyQueue();
        var offer = (string id, TaskPriority jp, TaskPriority tp, int rank, int ageSeconds) =>
            new TaskOffer(new KaneTask(id, "t", tp, []) { Rank = rank }, 1, 0, T0.AddSeconds(ageSeconds));
        q.Offer("low-job", TaskPriority.Low, offer("lowjob-critical", TaskPriority.Low, TaskPriority.Critical, 9, 0));
        q.Offer("j", TaskPriority.High, offer("normal-late", TaskPriority.High, TaskPriority.Normal, 0, 5));
        q.Offer("j", TaskPriority.High, offer("normal-early", TaskPriority.High, TaskPriority.Normal, 0, 1));
        q.Offer("j", TaskPriority.High, offer("normal-ranked", TaskPriority.High, TaskPriority.Normal, 3, 9));
        q.Offer("j", TaskPriority.High, offer("high", TaskPriority.High, TaskPriority.High, 0, 9));
        Assert.Equal(["high", "normal-ranked", "normal-early", "normal-late", "lowjob-critical"], q.Ordered.Select(o => o.Task.Id));
    }

    [Fact]
    public void The_ready_queue_keeps_one_entry_per_task_and_the_latest_attempt()
    {
        var q = new ReadyQueue();
        var task = new KaneTask("a", "t", TaskPriority.Normal, []);
        Assert.True(q.Offer("j", TaskPriority.Normal, new TaskOffer(task, 1, 0, T0)));
        Assert.False(q.Offer("j", TaskPriority.Normal, new TaskOffer(task, 1, 0, T0)));
        Assert.True(q.Offer("j", TaskPriority.Normal, new TaskOffer(task, 2, 1, T0)));
        Assert.False(q.Offer("j", TaskPriority.Normal, new TaskOffer(task, 1, 0, T0)));
        Assert.Equal(2, Assert.Single(q.Ordered).Offer.Attempt);
        q.Offer("j", TaskPriority.Normal, new TaskOffer(task with { Id = "b" }, 1, 0, T0));
        Assert.Equal(2, q.RemoveJob("j"));
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void The_ready_queue_keeps_queued_time_order_when_jobs_offer_interleaved()
    {
        var q = new ReadyQueue();
        // Jobs submitted together offer in the order their writes complete, not in the order they were queued.
        var ages = new[] { 5, 1, 9, 3, 7, 0, 8, 2, 6, 4 };
        foreach (var (age, i) in ages.Select((a, i) => (a, i)))
            q.Offer($"job-{i % 3}", TaskPriority.Normal, new TaskOffer(new KaneTask($"t{age}", "t", TaskPriority.Normal, []), 1, 0, T0.AddSeconds(age)));
        Assert.Equal(Enumerable.Range(0, 10).Select(a => $"t{a}"), q.Ordered.Select(o => o.Task.Id));
        var third = q.Ordered.ElementAt(3);
        q.Remove(third);
        Assert.Equal(9, q.Count);
        Assert.DoesNotContain(third, q.Ordered);
        Assert.Equal(["t0", "t1", "t2", "t4"], q.Ordered.Take(4).Select(o => o.Task.Id));
    }

    [Fact]
    public void A_node_is_estimated_to_drain_at_its_reported_rate_between_reports()
    {
        Assert.Equal(1000, Distribution.EstimatedQueued(900, 100, 0, TimeSpan.FromSeconds(1)));
        Assert.Equal(500, Distribution.EstimatedQueued(900, 100, 5000, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(0, Distribution.EstimatedQueued(900, 100, 5000, TimeSpan.FromSeconds(2)));
    }
}
