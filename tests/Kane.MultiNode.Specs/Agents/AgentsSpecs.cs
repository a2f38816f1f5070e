using Xunit.Abstractions;

namespace Kane.MultiNode.Specs.Agents;

/// <summary>Kane agents on real processes: distribution, a SIGKILLed node, work stealing, retries, breaker, pause, cancel.</summary>
public sealed class AgentsSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_nodes_complete_1000_tasks_exactly_once_and_each_runs_at_least_15_percent() =>
        await SpecFigures.RunAsync<DistributionSpec>(output);

    [Fact]
    public async Task A_SIGKILLed_nodes_tasks_are_redispatched_and_every_task_completes_with_its_effect_applied_once() =>
        await SpecFigures.RunAsync<NodeKillSpec>(output);

    [Fact]
    public async Task When_the_node_hosting_the_job_is_SIGKILLed_the_job_recovers_elsewhere_and_every_task_completes_once() =>
        await SpecFigures.RunAsync<JobHomeKillSpec>(output);

    [Fact]
    public async Task Work_stealing_finishes_a_job_on_uneven_nodes_in_at_most_60_percent_of_the_time_without_it()
    {
        var on = UnevenNodesSpec.Seconds(await SpecFigures.RunAsync<StealingOnSpec>(output));
        var off = UnevenNodesSpec.Seconds(await SpecFigures.RunAsync<StealingOffSpec>(output));
        output.WriteLine($"makespan with stealing {on:0.000} s, without {off:0.000} s, ratio {on / off:0.00}");
        Console.WriteLine($"makespan with stealing {on:0.000} s, without {off:0.000} s, ratio {on / off:0.00}");
        Assert.True(on <= 0.6 * off, $"with stealing {on:0.000} s, without {off:0.000} s: ratio {on / off:0.00} > 0.6");
    }

    [Fact]
    public async Task A_transient_error_is_retried_with_backoff_and_a_fatal_one_fails_its_task_at_once() =>
        await SpecFigures.RunAsync<RetrySpec>(output);

    [Fact]
    public async Task An_agent_failing_5_times_in_a_row_gets_no_tasks_until_a_half_open_probe_succeeds() =>
        await SpecFigures.RunAsync<BreakerSpec>(output);

    [Fact]
    public async Task A_paused_agent_starts_nothing_and_runs_tasks_again_once_resumed() =>
        await SpecFigures.RunAsync<PauseResumeSpec>(output);

    [Fact]
    public async Task Cancelling_a_job_stops_its_running_tasks_on_every_node_and_starts_no_more() =>
        await SpecFigures.RunAsync<CancelSpec>(output);
}
