using Kane.Persistence.Internal;

namespace Kane.Persistence.Tests.Internal;

// Time in milliseconds: 1,000 ticks per second.
public sealed class GroupCommitTests
{
    private static GroupCommit Linger(int ms) => new(TimeSpan.FromMilliseconds(ms), 1000);

    [Fact]
    public void A_lone_writer_back_after_its_acknowledgement_is_written_at_once()
    {
        var policy = Linger(2);
        policy.Completed(acked: 1, queued: 0, now: 100);
        Assert.True(policy.ShouldFlush(queued: 1, full: false, now: 100));
    }

    [Fact]
    public void A_small_group_waits_for_the_writers_just_acknowledged_and_goes_when_they_are_all_back()
    {
        var policy = Linger(2);
        policy.Completed(acked: 99, queued: 1, now: 100);
        Assert.False(policy.ShouldFlush(queued: 1, full: false, now: 100));
        Assert.False(policy.ShouldFlush(queued: 99, full: false, now: 101));
        Assert.True(policy.ShouldFlush(queued: 100, full: false, now: 101));
    }

    [Fact]
    public void A_held_group_goes_when_the_linger_has_passed_since_the_completion()
    {
        var policy = Linger(2);
        policy.Completed(acked: 99, queued: 1, now: 100);
        Assert.Equal(TimeSpan.FromMilliseconds(1), policy.Remaining(101));
        Assert.True(policy.ShouldFlush(queued: 1, full: false, now: 102));
    }

    [Fact]
    public void A_full_batch_goes_at_once()
    {
        var policy = Linger(2);
        policy.Completed(acked: 99, queued: 1, now: 100);
        Assert.True(policy.ShouldFlush(queued: 3, full: true, now: 100));
    }

    [Fact]
    public void A_write_arriving_long_after_the_last_completion_is_not_held()
    {
        var policy = Linger(2);
        policy.Completed(acked: 100, queued: 0, now: 100);
        Assert.True(policy.ShouldFlush(queued: 1, full: false, now: 5000));
    }

    [Fact]
    public void Zero_linger_never_holds_and_an_empty_queue_is_never_flushed()
    {
        var policy = Linger(0);
        policy.Completed(acked: 99, queued: 1, now: 100);
        Assert.True(policy.ShouldFlush(queued: 1, full: false, now: 100));
        Assert.False(policy.ShouldFlush(queued: 0, full: true, now: 100));
    }

    [Fact]
    public void The_first_write_of_a_journal_is_not_held()
    {
        Assert.True(Linger(2).ShouldFlush(queued: 1, full: false, now: 0));
    }
}
