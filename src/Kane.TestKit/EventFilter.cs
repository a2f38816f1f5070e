using System.Text.RegularExpressions;
using Kane.Actor;
using Kane.Event;
using Microsoft.Extensions.Logging;
using Xunit.Sdk;

namespace Kane.TestKit;

/// <summary>
/// Expects log lines: <c>EventFilter.Error(contains: "boom").ExpectOne(() => actor.Tell("fail"))</c> runs the block
/// and fails unless the matching lines were logged (by the runtime or by actors) within the timeout.
/// </summary>
public sealed class EventFilter
{
    private readonly ActorSystem _system;
    private readonly LogLevel? _level;
    private readonly string? _contains;
    private readonly Regex? _pattern;
    private readonly Type? _exceptionType;

    internal EventFilter(ActorSystem system, LogLevel? level, string? contains, string? pattern, Type? exceptionType)
    {
        _system = system;
        _level = level;
        _contains = contains;
        _pattern = pattern is null ? null : new Regex(pattern, RegexOptions.CultureInvariant);
        _exceptionType = exceptionType;
    }

    /// <summary>True when <paramref name="e"/> matches level, text and exception type.</summary>
    public bool Matches(LogEvent e) =>
        (_level is null || e.Level == _level)
        && (_contains is null || e.Message.Contains(_contains, StringComparison.Ordinal))
        && (_pattern is null || _pattern.IsMatch(e.Message))
        && (_exceptionType is null || _exceptionType.IsInstanceOfType(e.Cause));

    public void ExpectOne(Action block, TimeSpan? timeout = null) => Expect(1, block, timeout);

    public Task ExpectOneAsync(Func<Task> block, TimeSpan? timeout = null) => ExpectAsync(1, block, timeout);

    /// <summary>Runs <paramref name="block"/> and waits for <paramref name="count"/> matching lines.</summary>
    public void Expect(int count, Action block, TimeSpan? timeout = null) =>
        ExpectAsync(count, () => { block(); return Task.CompletedTask; }, timeout).GetAwaiter().GetResult();

    public async Task ExpectAsync(int count, Func<Task> block, TimeSpan? timeout = null)
    {
        var probe = new TestProbe(_system);
        _system.EventStream.Subscribe(probe.Ref, typeof(LogEvent));
        try
        {
            await block().ConfigureAwait(false);
            var seen = new List<string>();
            var matched = 0;
            var given = timeout ?? TimeSpan.FromSeconds(3);
            var total = TestTime.Dilated(given);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (matched < count)
            {
                var left = total - watch.Elapsed;
                LogEvent e;
                try
                {
                    e = probe.ExpectMsg<LogEvent>(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                }
                catch (XunitException)
                {
                    throw new XunitException($"Expected {count} log line(s) matching {this} within {TestTime.Describe(given)}, got {matched}. Other lines: {string.Join(" | ", seen)}");
                }
                if (Matches(e)) matched++;
                else seen.Add($"[{e.Level}] {e.Message}");
            }
        }
        finally
        {
            _system.EventStream.Unsubscribe(probe.Ref);
            _system.Stop(probe.Ref);
        }
    }

    public override string ToString() =>
        $"{{level={_level?.ToString() ?? "any"}, contains={_contains ?? "-"}, pattern={_pattern?.ToString() ?? "-"}, exception={_exceptionType?.Name ?? "-"}}}";
}

/// <summary>Builds <see cref="EventFilter"/>s for one system.</summary>
public sealed class EventFilterFactory(ActorSystem system)
{
    public EventFilter Error(string? contains = null, string? pattern = null) => new(system, LogLevel.Error, contains, pattern, null);

    public EventFilter Warning(string? contains = null, string? pattern = null) => new(system, LogLevel.Warning, contains, pattern, null);

    public EventFilter Info(string? contains = null, string? pattern = null) => new(system, LogLevel.Information, contains, pattern, null);

    public EventFilter Debug(string? contains = null, string? pattern = null) => new(system, LogLevel.Debug, contains, pattern, null);

    /// <summary>Lines of any level carrying an exception of type <typeparamref name="T"/>.</summary>
    public EventFilter Exception<T>(string? contains = null) where T : Exception => new(system, null, contains, null, typeof(T));
}
