using System.Globalization;

namespace Kane.TestKit;

/// <summary>
/// The time factor of expectations (Akka's test time factor): every wait for something to happen — an expected
/// message, a fish, an awaited assertion or condition, an expected log line — lasts its timeout times
/// <see cref="Factor"/>, so a test suite on a loaded machine (CI runs every test assembly at once on 2 cores) waits
/// longer for what does arrive instead of failing. Waits that assert nothing arrives (<c>ExpectNoMsg</c>) are not
/// stretched: they would only make the suite slower. Set with the environment variable <c>KANE_TEST_TIMEFACTOR</c>
/// (a number ≥ 1; default 1; <c>./build.sh test</c> sets 2).
/// </summary>
public static class TestTime
{
    public const string Variable = "KANE_TEST_TIMEFACTOR";

    /// <summary>The factor read from <see cref="Variable"/> at first use.</summary>
    public static double Factor { get; } = Read(Environment.GetEnvironmentVariable(Variable));

    /// <summary><paramref name="timeout"/> times <see cref="Factor"/> (infinite stays infinite).</summary>
    public static TimeSpan Dilated(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan || Factor == 1 ? timeout : TimeSpan.FromTicks((long)(timeout.Ticks * Factor));

    /// <summary>"50 ms", or "50 ms × time factor 2" when the factor stretched it: how a failure names its timeout.</summary>
    public static string Describe(TimeSpan timeout) =>
        Factor == 1 ? $"{timeout.TotalMilliseconds:0} ms" : $"{timeout.TotalMilliseconds:0} ms × time factor {Factor.ToString(CultureInfo.InvariantCulture)}";

    internal static double Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return 1;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) || !(factor >= 1) || factor > 100)
            throw new InvalidOperationException($"{Variable}='{text}' must be a number from 1 to 100 (how many times longer tests wait for what they expect); unset it for 1.");
        return factor;
    }
}
