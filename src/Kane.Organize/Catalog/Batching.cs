namespace Kane.Organize.Catalog;

/// <summary>Cuts ordered keys with counts into contiguous inclusive ranges of about a target count. Pure.</summary>
public static class Batching
{
    /// <summary>
    /// Ranges over <paramref name="keys"/> (ascending, with how many files each holds): a range closes once it holds
    /// <paramref name="perBatch"/> files or more, so a key is never split and a key holding more is a range alone.
    /// </summary>
    public static IReadOnlyList<(long Low, long High)> Ranges(IReadOnlyList<(long Key, long Count)> keys, int perBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perBatch, 1);
        var ranges = new List<(long, long)>();
        var i = 0;
        while (i < keys.Count)
        {
            var low = keys[i].Key;
            long held = 0;
            var high = low;
            while (i < keys.Count && held < perBatch)
            {
                held += keys[i].Count;
                high = keys[i].Key;
                i++;
            }
            ranges.Add((low, high));
        }
        return ranges;
    }
}
