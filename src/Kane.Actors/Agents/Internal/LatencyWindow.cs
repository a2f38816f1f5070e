namespace Kane.Actors.Internal;

/// <summary>The last <c>capacity</c> samples (milliseconds) and their percentiles, for a node's status report.</summary>
internal sealed class LatencyWindow(int capacity = 2048)
{
    private readonly double[] _samples = new double[capacity];
    private int _count;
    private int _next;

    public void Add(double ms)
    {
        _samples[_next] = ms;
        _next = (_next + 1) % _samples.Length;
        if (_count < _samples.Length) _count++;
    }

    /// <summary>Percentiles (0–100) of the window by nearest rank; zeros when it is empty.</summary>
    public double[] Percentiles(params double[] percents)
    {
        var result = new double[percents.Length];
        if (_count == 0) return result;
        var sorted = _samples.AsSpan(0, _count).ToArray();
        Array.Sort(sorted);
        for (var i = 0; i < percents.Length; i++)
        {
            var rank = (int)Math.Ceiling(percents[i] / 100 * sorted.Length);
            result[i] = sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
        return result;
    }
}
