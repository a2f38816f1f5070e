namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// Orders app versions ("1.10.0" after "1.9.2"): segments split on '.' and '-', numeric segments compared as numbers,
/// others ordinally; a missing segment counts as "0", so "1.2" equals "1.2.0".
/// </summary>
internal sealed class AppVersionComparer : IComparer<string?>
{
    public static readonly AppVersionComparer Instance = new();

    private static readonly char[] Separators = ['.', '-'];

    public int Compare(string? x, string? y)
    {
        var a = (x ?? "").Split(Separators);
        var b = (y ?? "").Split(Separators);
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var c = CompareSegment(i < a.Length ? a[i] : "0", i < b.Length ? b[i] : "0");
            if (c != 0) return c;
        }
        return 0;
    }

    private static int CompareSegment(string a, string b)
    {
        if (a.Length == 0) a = "0";
        if (b.Length == 0) b = "0";
        var aNumeric = ulong.TryParse(a, out var an);
        var bNumeric = ulong.TryParse(b, out var bn);
        if (aNumeric && bNumeric) return an.CompareTo(bn);
        // A number sorts after a word in the same place: "1.0.0" is after "1.0.0-rc".
        if (aNumeric != bNumeric) return aNumeric ? 1 : -1;
        return string.CompareOrdinal(a, b);
    }
}
