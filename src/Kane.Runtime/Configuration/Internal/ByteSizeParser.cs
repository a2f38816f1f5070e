namespace Kane.Configuration.Internal;

/// <summary>
/// Sizes in bytes. Following the spec, "kB"/"kilobyte" are powers of ten while single letters
/// ("k", "M") and the "Ki"/"KiB" forms are powers of two.
/// </summary>
internal static class ByteSizeParser
{
    private static readonly Dictionary<string, decimal> BytesPerUnit = Build();

    /// <summary>Returns null when <paramref name="text"/> is not a size or does not fit in a long.</summary>
    public static long? Parse(string text)
    {
        if (!UnitNumber.TrySplit(text, out var number, out var unit) || !BytesPerUnit.TryGetValue(unit, out var factor))
        {
            return null;
        }

        try
        {
            var total = decimal.Truncate(number * factor);
            return total is > long.MaxValue or < long.MinValue ? null : (long)total;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static Dictionary<string, decimal> Build()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var name in new[] { "", "B", "b", "byte", "bytes" })
        {
            units[name] = 1;
        }

        string[] decimalPrefixes = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        decimal power10 = 1, power2 = 1;
        for (var i = 0; i < decimalPrefixes.Length; i++)
        {
            power10 *= 1000;
            power2 *= 1024;
            var letter = decimalPrefixes[i].ToUpperInvariant();
            units[decimalPrefixes[i] + "B"] = power10;
            units[decimalNames[i] + "byte"] = power10;
            units[decimalNames[i] + "bytes"] = power10;
            foreach (var name in new[] { letter, letter.ToLowerInvariant(), letter + "i", letter + "iB", binaryNames[i] + "byte", binaryNames[i] + "bytes" })
            {
                units[name] = power2;
            }
        }

        return units;
    }
}
