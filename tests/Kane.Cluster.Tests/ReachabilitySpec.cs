using Kane.Cluster.Gossip;
using static Kane.Cluster.Tests.TestNodes;

namespace Kane.Cluster.Tests;

public sealed class ReachabilitySpec
{
    private static readonly UniqueAddress A = Node(1), B = Node(2), C = Node(3), D = Node(4), E = Node(5);

    [Fact]
    public void An_empty_table_sees_everyone_reachable()
    {
        Assert.True(Reachability.Empty.IsAllReachable);
        Assert.True(Reachability.Empty.IsReachable(B));
        Assert.True(Reachability.Empty.IsReachable(A, B));
        Assert.Empty(Reachability.Empty.AllUnreachableOrTerminated);
    }

    [Fact]
    public void A_subject_is_unreachable_when_any_single_observer_says_so()
    {
        var r = Reachability.Empty.Unreachable(A, C);

        Assert.False(r.IsReachable(C));
        Assert.Equal(ReachabilityStatus.Unreachable, r.StatusOf(C));
        Assert.False(r.IsReachable(A, C));
        Assert.True(r.IsReachable(B, C)); // B itself has no verdict on C
        Assert.False(r.IsAllReachable);
    }

    [Fact]
    public void Every_change_an_observer_makes_raises_its_own_version_only()
    {
        var r = Reachability.Empty.Unreachable(A, C).Unreachable(A, D).Unreachable(B, C);

        Assert.Equal(2, r.ByObserver[A].Version);
        Assert.Equal(1, r.ByObserver[B].Version);
        Assert.Equal(2, r.ByObserver[A].Rows[D].Version);
    }

    [Fact]
    public void Reporting_the_status_a_subject_already_has_changes_nothing()
    {
        var r = Reachability.Empty.Unreachable(A, C);

        Assert.Same(r, r.Unreachable(A, C));
        Assert.Same(Reachability.Empty, Reachability.Empty.Reachable(A, C));
    }

    [Fact]
    public void When_all_of_an_observers_rows_are_reachable_again_its_rows_are_dropped_but_its_version_stays()
    {
        var r = Reachability.Empty.Unreachable(A, C).Unreachable(A, D).Reachable(A, C);
        Assert.Equal(2, r.ByObserver[A].Rows.Count);

        r = r.Reachable(A, D);

        Assert.Empty(r.ByObserver[A].Rows);
        Assert.Equal(4, r.ByObserver[A].Version);
        Assert.True(r.IsAllReachable);
        Assert.True(r.IsReachable(C));
    }

    [Fact]
    public void A_subject_stays_unreachable_until_every_observer_reports_it_reachable()
    {
        var r = Reachability.Empty.Unreachable(A, C).Unreachable(B, C).Reachable(A, C);

        Assert.False(r.IsReachable(C));
        Assert.True(r.Reachable(B, C).IsReachable(C));
    }

    [Fact]
    public void Terminated_is_final_for_that_observer_and_outranks_unreachable()
    {
        var r = Reachability.Empty.Unreachable(A, C).Terminated(B, C);

        Assert.Equal(ReachabilityStatus.Terminated, r.StatusOf(C));
        Assert.Same(r, r.Reachable(B, C));
        Assert.Contains(C, r.AllUnreachableOrTerminated);
    }

    [Fact]
    public void AllUnreachableFrom_lists_only_what_that_observer_itself_sees_unreachable()
    {
        var r = Reachability.Empty.Unreachable(A, C).Unreachable(A, D).Terminated(A, E).Unreachable(B, E);

        Assert.Equal([C, D], r.AllUnreachableFrom(A).OrderBy(n => n));
        Assert.Equal([E], r.AllUnreachableFrom(B));
        Assert.Empty(r.AllUnreachableFrom(C));
    }

    [Fact]
    public void ObserversGroupedByUnreachable_maps_each_subject_to_the_observers_that_report_it()
    {
        var r = Reachability.Empty.Unreachable(A, C).Unreachable(B, C).Unreachable(B, D).Unreachable(A, E).Reachable(A, E);

        var grouped = r.ObserversGroupedByUnreachable;

        Assert.Equal([C, D], grouped.Keys.OrderBy(n => n));
        Assert.Equal([A, B], grouped[C].OrderBy(n => n));
        Assert.Equal([B], grouped[D]);
    }

    [Fact]
    public void Merge_keeps_per_observer_the_rows_of_the_side_with_the_higher_version()
    {
        var common = Reachability.Empty.Unreachable(A, C);
        var newerAtA = common.Reachable(A, C).Unreachable(A, D);      // A at version 3: D unreachable, C fine
        var newerAtB = common.Unreachable(B, E);                       // A still at 1, B at 1

        var allowed = new HashSet<UniqueAddress> { A, B, C, D, E };
        var merged = newerAtA.Merge(allowed, newerAtB);
        var mergedOtherWay = newerAtB.Merge(allowed, newerAtA);

        foreach (var r in new[] { merged, mergedOtherWay })
        {
            Assert.Equal(3, r.ByObserver[A].Version);
            Assert.True(r.IsReachable(A, C));
            Assert.False(r.IsReachable(A, D));
            Assert.False(r.IsReachable(B, E));
            Assert.Equal([D, E], r.AllUnreachableOrTerminated.OrderBy(n => n));
        }
    }

    [Fact]
    public void Merge_lets_an_observer_that_cleared_its_rows_win_over_its_older_unreachable_rows()
    {
        var old = Reachability.Empty.Unreachable(A, C);
        var healed = old.Reachable(A, C);

        var merged = old.Merge(new HashSet<UniqueAddress> { A, C }, healed);

        Assert.True(merged.IsReachable(C));
        Assert.Equal(2, merged.ByObserver[A].Version);
    }

    [Fact]
    public void Merge_keeps_only_observers_and_subjects_that_are_still_allowed()
    {
        var left = Reachability.Empty.Unreachable(A, C).Unreachable(A, D);
        var right = Reachability.Empty.Unreachable(D, B);

        var merged = left.Merge(new HashSet<UniqueAddress> { A, B, C }, right);

        Assert.Equal([A], merged.ByObserver.Keys);
        Assert.Equal([C], merged.AllUnreachableOrTerminated);
    }

    [Fact]
    public void Remove_drops_rows_observed_by_and_about_the_removed_nodes()
    {
        var r = Reachability.Empty.Unreachable(A, C).Unreachable(A, D).Unreachable(C, B);

        var removed = r.Remove([C]);

        Assert.DoesNotContain(C, removed.ByObserver.Keys);
        Assert.Equal([D], removed.AllUnreachableOrTerminated);
        Assert.Same(r, r.Remove([]));
    }

    [Fact]
    public void RemoveObservers_forgets_the_verdicts_of_those_observers_only()
    {
        var r = Reachability.Empty.Unreachable(A, C).Unreachable(B, D);

        var without = r.RemoveObservers([A]);

        Assert.True(without.IsReachable(C));
        Assert.False(without.IsReachable(D));
    }

    [Fact]
    public void FromRecords_rebuilds_the_same_table_including_versions_of_observers_without_rows()
    {
        var r = Reachability.Empty.Unreachable(A, C).Unreachable(B, D).Reachable(B, D).Unreachable(A, E);

        var rebuilt = Reachability.FromRecords(r.Records, r.ByObserver.Select(o => KeyValuePair.Create(o.Key, o.Value.Version)));

        Assert.Equal(r.Records.OrderBy(x => x.Observer).ThenBy(x => x.Subject), rebuilt.Records.OrderBy(x => x.Observer).ThenBy(x => x.Subject));
        Assert.Equal(r.ByObserver.ToDictionary(o => o.Key, o => o.Value.Version), rebuilt.ByObserver.ToDictionary(o => o.Key, o => o.Value.Version));
    }
}
