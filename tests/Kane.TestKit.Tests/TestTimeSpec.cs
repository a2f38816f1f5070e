using Xunit;

namespace Kane.TestKit.Tests;

public class TestTimeSpec
{
    [Theory]
    [InlineData(null, 1.0)]
    [InlineData("", 1.0)]
    [InlineData("2", 2.0)]
    [InlineData("1.5", 1.5)]
    public void The_factor_is_read_from_the_variable_and_is_one_when_unset(string? text, double expected) =>
        Assert.Equal(expected, TestTime.Read(text));

    [Theory]
    [InlineData("0.5")]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("fast")]
    [InlineData("NaN")]
    [InlineData("1000")]
    public void A_factor_that_is_not_a_number_from_1_to_100_is_refused_with_what_to_set(string text)
    {
        var e = Assert.Throws<InvalidOperationException>(() => TestTime.Read(text));
        Assert.Contains($"KANE_TEST_TIMEFACTOR='{text}' must be a number from 1 to 100", e.Message);
    }

    [Fact]
    public void Dilated_stretches_by_the_factor_and_leaves_infinite_alone()
    {
        Assert.Equal(TimeSpan.FromTicks((long)(TimeSpan.FromSeconds(3).Ticks * TestTime.Factor)), TestTime.Dilated(TimeSpan.FromSeconds(3)));
        Assert.Equal(Timeout.InfiniteTimeSpan, TestTime.Dilated(Timeout.InfiniteTimeSpan));
    }
}
