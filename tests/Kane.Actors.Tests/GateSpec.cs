using Kane.Actors.Internal;

namespace Kane.Actors.Tests;

public sealed class GateSpec
{
    // Defaults: cpu-warn 60, memory-warn 70, cpu-stop 80, memory-stop 85.
    private static readonly KaneAgentsSettings Settings = KaneAgentsSettings.Default;

    [Fact]
    public void Below_both_warn_limits_every_free_slot_starts_a_task()
    {
        var d = ResourceGate.Decide(30, 40, 8, 0, Settings);
        Assert.Equal(new GateDecision(GateLevel.Open, 8, true), d);
    }

    [Theory]
    [InlineData(65, 40)]
    [InlineData(30, 75)]
    [InlineData(60, 70)]
    public void In_the_warning_zone_half_of_the_free_slots_start(double cpu, double memory)
    {
        var d = ResourceGate.Decide(cpu, memory, 8, 2, Settings);
        Assert.Equal(new GateDecision(GateLevel.Warning, 4, true), d);
    }

    [Fact]
    public void In_the_warning_zone_a_node_running_nothing_still_starts_one_task()
    {
        Assert.Equal(1, ResourceGate.Decide(65, 40, 1, 0, Settings).Startable);
        Assert.Equal(0, ResourceGate.Decide(65, 40, 1, 3, Settings).Startable);
    }

    [Theory]
    [InlineData(81, 10)]
    [InlineData(10, 86)]
    public void Above_a_stop_limit_tasks_are_only_queued_and_the_node_is_not_accepting(double cpu, double memory)
    {
        var d = ResourceGate.Decide(cpu, memory, 8, 2, Settings);
        Assert.Equal(new GateDecision(GateLevel.Closed, 0, false), d);
    }

    [Fact]
    public void A_closed_node_running_nothing_still_starts_one_task_but_does_not_accept_work()
    {
        Assert.Equal(new GateDecision(GateLevel.Closed, 1, false), ResourceGate.Decide(95, 10, 8, 0, Settings));
        Assert.Equal(0, ResourceGate.Decide(95, 10, 0, 0, Settings).Startable);
    }

    [Fact]
    public void The_gate_reads_the_cpu_others_use_not_the_nodes_own()
    {
        Assert.Equal(10, ResourceGate.OthersCpu(95, 85));
        Assert.Equal(0, ResourceGate.OthersCpu(40, 55));
        Assert.Equal(GateLevel.Open, ResourceGate.Decide(ResourceGate.OthersCpu(100, 90), 10, 4, 4, Settings).Level);
    }

    [Fact]
    public void Limits_come_from_the_settings()
    {
        var open = Settings with { GateCpuWarn = 100, GateMemoryWarn = 100, GateCpuStop = 100, GateMemoryStop = 100 };
        Assert.Equal(GateLevel.Warning, ResourceGate.Decide(100, 100, 4, 0, open).Level);
        Assert.Equal(GateLevel.Open, ResourceGate.Decide(99, 99, 4, 0, open).Level);
    }
}
