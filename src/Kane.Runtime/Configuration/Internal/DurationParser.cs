namespace Kane.Configuration.Internal;

/// <summary>Durations in the spec's format; a bare number means milliseconds.</summary>
internal static class DurationParser
{
    private static readonly Dictionary<string, decimal> TicksPerUnit = Build();

    /// <summary>Returns null when <paramref name="text"/> is not a duration.</summary>
    public static TimeSpan? Parse(string text)
    {
        if (text.Trim() is "off" or "infinite" or "inf")
        {
            return Timeout.InfiniteTimeSpan;
        }

        if (!UnitNumber.TrySplit(text, out var number, out var unit) || !TicksPerUnit.TryGetValue(unit, out var ticks))
        {
            return null;
        }

        var total = decimal.Round(number * ticks, MidpointRounding.AwayFromZero);
        return total is > long.MaxValue or < long.MinValue ? null : TimeSpan.FromTicks((long)total);
    }

    private static Dictionary<string, decimal> Build()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal) { [""] = TimeSpan.TicksPerMillisecond };
        void Add(decimal ticks, params string[] names)
        {
            foreach (var name in names)
            {
                units[name] = ticks;
            }
        }

        // Unit names are case sensitive and lowercase, per the spec.
        Add(0.01m, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(10m, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;
    }
}
