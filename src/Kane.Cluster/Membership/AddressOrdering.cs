using Kane.Actor;

namespace Kane.Cluster;

/// <summary>
/// The total order of addresses every node agrees on (host, then port as a number): it picks the leader and
/// breaks ties, so it must never depend on anything local such as a hash seed.
/// </summary>
public sealed class AddressOrdering : IComparer<Address>
{
    public static readonly AddressOrdering Instance = new();

    public static int Compare(Address? a, Address? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        var c = string.CompareOrdinal(a.Host, b.Host);
        if (c != 0) return c;
        c = (a.Port ?? 0).CompareTo(b.Port ?? 0);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.System, b.System);
        return c != 0 ? c : string.CompareOrdinal(a.Protocol, b.Protocol);
    }

    int IComparer<Address>.Compare(Address? x, Address? y) => Compare(x, y);
}
