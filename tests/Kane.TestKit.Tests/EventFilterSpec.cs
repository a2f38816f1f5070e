using Kane.Actor;
using Microsoft.Extensions.Logging;
using Xunit.Sdk;

namespace Kane.TestKit.Tests;

public sealed class EventFilterSpec : TestKit
{
    private sealed class Logger : ReceiveActor
    {
        public Logger() => Receive<(LogLevel Level, string Text)>(m => Log.Log(m.Level, "{Text}", m.Text));
    }

    [Fact]
    public void ExpectOne_passes_when_a_matching_line_is_logged()
    {
        var logger = Sys.ActorOf(Props.Create<Logger>());
        EventFilter.Warning(contains: "disk").ExpectOne(() => logger.Tell((LogLevel.Warning, "disk almost full"), ActorRefs.NoSender));
        EventFilter.Error(pattern: "^code [0-9]+$").ExpectOne(() => logger.Tell((LogLevel.Error, "code 17"), ActorRefs.NoSender));
    }

    [Fact]
    public void ExpectOne_fails_when_only_other_lines_are_logged_and_shows_them()
    {
        var logger = Sys.ActorOf(Props.Create<Logger>());
        var e = Assert.Throws<XunitException>(() =>
            EventFilter.Error(contains: "disk").ExpectOne(() => logger.Tell((LogLevel.Warning, "disk almost full"), ActorRefs.NoSender), TimeSpan.FromMilliseconds(300)));
        Assert.True(e.Message.Contains("disk almost full", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Expect_counts_occurrences()
    {
        var logger = Sys.ActorOf(Props.Create<Logger>());
        EventFilter.Info(contains: "tick").Expect(3, () =>
        {
            for (var i = 0; i < 3; i++) logger.Tell((LogLevel.Information, $"tick {i}"), ActorRefs.NoSender);
        });
    }

    [Fact]
    public void Exception_filters_match_the_type_of_a_supervision_failure()
    {
        var crasher = Sys.ActorOf(Props.Create(() => new Crasher()));
        EventFilter.Exception<ArithmeticException>().ExpectOne(() => crasher.Tell("go", ActorRefs.NoSender));
    }

    private sealed class Crasher : ReceiveActor
    {
        public Crasher() => ReceiveAny(_ => throw new ArithmeticException("bad math"));
    }
}
