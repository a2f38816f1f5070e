using Kane.Cluster.Downing;
using Kane.Cluster.Gossip;
using static Kane.Cluster.Tests.TestNodes;

namespace Kane.Cluster.Tests;

public sealed class DowningStrategiesSpec
{
    /// <summary>The view from the lowest of <paramref name="reachable"/>: it sees every port in <paramref name="unreachable"/> unreachable.</summary>
    private static PartitionView View(int[] reachable, int[] unreachable, Func<int, Member>? member = null)
    {
        member ??= p => Member(p);
        var members = reachable.Concat(unreachable).Select(member).ToList();
        var self = Node(reachable.Length > 0 ? reachable.Min() : 99);
        var r = Reachability.Empty;
        foreach (var p in unreachable) r = r.Unreachable(self, Node(p));
        return PartitionView.From(members, r.Records, self);
    }

    [Fact]
    public void Keep_majority_keeps_the_side_with_more_members()
    {
        Assert.Equal(DowningDecision.DownUnreachable, DowningStrategies.KeepMajority(View([1, 2, 3], [4, 5]), null));
        Assert.Equal(DowningDecision.DownReachable, DowningStrategies.KeepMajority(View([4, 5], [1, 2, 3]), null));
    }

    [Fact]
    public void Keep_majority_on_a_tie_keeps_the_side_holding_the_lowest_address()
    {
        Assert.Equal(DowningDecision.DownUnreachable, DowningStrategies.KeepMajority(View([1, 4], [2, 3]), null));
        Assert.Equal(DowningDecision.DownReachable, DowningStrategies.KeepMajority(View([2, 3], [1, 4]), null));
    }

    [Fact]
    public void Keep_majority_with_a_role_counts_only_members_with_that_role()
    {
        // Three members here but only one "db"; two "db" members over there: the other side wins.
        Member WithRoles(int p) => Member(p, roles: p is 1 or 4 or 5 ? "db" : "web");

        Assert.Equal(DowningDecision.DownReachable, DowningStrategies.KeepMajority(View([1, 2, 3], [4, 5], WithRoles), "db"));
        Assert.Equal(DowningDecision.DownUnreachable, DowningStrategies.KeepMajority(View([1, 2, 3], [4, 5], WithRoles), null));
    }

    [Fact]
    public void Keep_majority_with_a_role_breaks_a_tie_by_the_lowest_address_with_that_role()
    {
        Member WithRoles(int p) => Member(p, roles: p is 2 or 3 ? "db" : "web");

        // Port 1 (no role) is here, but the lowest "db" member, port 2, is over there.
        Assert.Equal(DowningDecision.DownReachable, DowningStrategies.KeepMajority(View([1, 3], [2, 4], WithRoles), "db"));
    }

    [Fact]
    public void Joining_and_WeaklyUp_members_do_not_count_in_the_decision()
    {
        Member WithJoiners(int p) => p == 4 ? Member(p, MemberStatus.Joining) : p == 5 ? Member(p, MemberStatus.WeaklyUp) : Member(p);

        var view = View([1, 4, 5], [2, 3], WithJoiners); // three here, but two of them only joining

        Assert.Equal(3, view.Members.Count);
        Assert.Equal(DowningDecision.DownReachable, DowningStrategies.KeepMajority(view, null));
    }

    [Fact]
    public void Static_quorum_keeps_a_side_that_holds_the_quorum_and_downs_a_side_that_does_not()
    {
        Assert.Equal(DowningDecision.DownUnreachable, DowningStrategies.StaticQuorum(View([1, 2, 3], [4, 5]), 3, null));
        Assert.Equal(DowningDecision.DownReachable, DowningStrategies.StaticQuorum(View([4, 5], [1, 2, 3]), 3, null));
    }

    [Fact]
    public void Static_quorum_downs_everything_when_there_are_more_than_twice_the_quorum_minus_one_members()
    {
        Assert.Equal(DowningDecision.DownAll, DowningStrategies.StaticQuorum(View([1, 2, 3, 4], [5, 6]), 3, null));
        Assert.Equal(DowningDecision.DownUnreachable, DowningStrategies.StaticQuorum(View([1, 2, 3, 4], [5]), 3, null));
    }

    [Fact]
    public void Static_quorum_with_a_role_counts_only_that_role()
    {
        Member WithRoles(int p) => Member(p, roles: p is 1 or 4 or 5 ? "db" : "web");

        Assert.Equal(DowningDecision.DownReachable, DowningStrategies.StaticQuorum(View([1, 2, 3], [4, 5], WithRoles), 2, "db"));
        Assert.Equal(DowningDecision.DownUnreachable, DowningStrategies.StaticQuorum(View([4, 5], [1, 2, 3], WithRoles), 2, "db"));
    }

    private static Member ByAge(int p) => Member(p, upNumber: p == 5 ? 1 : p + 10); // port 5 is the oldest

    [Fact]
    public void Keep_oldest_keeps_the_side_with_the_oldest_member_even_when_it_is_the_minority()
    {
        Assert.Equal(DowningDecision.DownUnreachable, DowningStrategies.KeepOldest(View([4, 5], [1, 2, 3], ByAge), true, null));
        Assert.Equal(DowningDecision.DownReachable, DowningStrategies.KeepOldest(View([1, 2, 3], [4, 5], ByAge), true, null));
    }

    [Fact]
    public void Keep_oldest_with_down_if_alone_downs_an_oldest_member_left_alone_and_keeps_the_rest()
    {
        Assert.Equal(DowningDecision.DownReachable, DowningStrategies.KeepOldest(View([5], [1, 2, 3], ByAge), true, null));
        Assert.Equal(DowningDecision.DownUnreachable, DowningStrategies.KeepOldest(View([1, 2, 3], [5], ByAge), true, null));
    }

    [Fact]
    public void Keep_oldest_without_down_if_alone_keeps_a_lone_oldest_member()
    {
        Assert.Equal(DowningDecision.DownUnreachable, DowningStrategies.KeepOldest(View([5], [1, 2, 3], ByAge), false, null));
        Assert.Equal(DowningDecision.DownReachable, DowningStrategies.KeepOldest(View([1, 2, 3], [5], ByAge), false, null));
    }

    [Fact]
    public void Keep_oldest_with_a_role_looks_for_the_oldest_member_with_that_role()
    {
        Member WithRoles(int p) => Member(p, upNumber: p, roles: p is 3 or 4 ? "db" : "web"); // port 1 oldest overall, 3 oldest "db"

        Assert.Equal(DowningDecision.DownReachable, DowningStrategies.KeepOldest(View([1, 2], [3, 4], WithRoles), false, "db"));
    }

    [Fact]
    public void Nodes_to_down_follow_the_decision_from_this_sides_point_of_view()
    {
        var view = View([1, 2, 3], [4, 5]);

        Assert.Equal([Node(4), Node(5)], DowningStrategies.NodesToDown(view, DowningDecision.DownUnreachable).OrderBy(n => n));
        Assert.Equal([Node(1), Node(2), Node(3)], DowningStrategies.NodesToDown(view, DowningDecision.DownReachable).OrderBy(n => n));
        Assert.Equal(5, DowningStrategies.NodesToDown(view, DowningDecision.DownAll).Count);
    }

    [Fact]
    public void A_node_that_is_unreachable_and_itself_reports_others_unreachable_is_indirectly_connected_and_downed_by_either_side()
    {
        // 1 sees 3 unreachable, and 3 sees 2 unreachable: 3 sits on a broken link, not on a clean partition.
        var r = Reachability.Empty.Unreachable(Node(1), Node(3)).Unreachable(Node(3), Node(2));
        var view = PartitionView.From([Member(1), Member(2), Member(3), Member(4)], r.Records, Node(1));

        Assert.Equal([Node(3)], view.IndirectlyConnected);
        Assert.Equal([Node(2)], view.Unreachable);
        Assert.Contains(Node(3), DowningStrategies.NodesToDown(view, DowningDecision.DownUnreachable));
        Assert.Contains(Node(3), DowningStrategies.NodesToDown(view, DowningDecision.DownReachable));
        Assert.DoesNotContain(Node(2), DowningStrategies.NodesToDown(view, DowningDecision.DownReachable));
    }

    [Fact]
    public void A_view_with_only_indirectly_connected_nodes_says_so()
    {
        var r = Reachability.Empty.Unreachable(Node(1), Node(3)).Unreachable(Node(3), Node(1));
        var view = PartitionView.From([Member(1), Member(2), Member(3)], r.Records, Node(2));

        Assert.True(view.HasProblems);
        Assert.True(view.OnlyIndirectlyConnected);
        Assert.Equal([Node(1), Node(3)], view.IndirectlyConnected.OrderBy(n => n));
    }

    [Fact]
    public void Observations_by_or_about_non_members_are_ignored()
    {
        var r = Reachability.Empty.Unreachable(Node(9), Node(2)).Unreachable(Node(1), Node(8));
        var view = PartitionView.From([Member(1), Member(2)], r.Records, Node(1));

        Assert.False(view.HasProblems);
    }

    [Fact]
    public void This_node_is_never_in_its_own_unreachable_set()
    {
        var r = Reachability.Empty.Unreachable(Node(2), Node(1));
        var view = PartitionView.From([Member(1), Member(2), Member(3)], r.Records, Node(1));

        Assert.Empty(view.Unreachable);
        Assert.False(view.HasProblems);
    }
}
