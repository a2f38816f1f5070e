using System.Text;
using Kane.Actor;

namespace Kane.Routing;

/// <summary>
/// Routes messages with the same key to the same routee, through a hash ring with <c>virtualNodesFactor</c> points
/// per routee so that adding or removing one routee moves only its share of keys. The key comes from
/// <see cref="IConsistentHashable"/>, a <see cref="ConsistentHashableEnvelope"/> or the router's hash mapping, and is
/// hashed with MurmurHash3 over its UTF-8 text (stable across processes, unlike <c>GetHashCode</c>).
/// </summary>
public sealed class ConsistentHashingRoutingLogic(Func<object, object?>? hashMapping = null, int virtualNodesFactor = 10) : RoutingLogic
{
    private (IReadOnlyList<IActorRef> Routees, uint[] Points, IActorRef[] Owners)? _ring;

    public override IActorRef? Select(object message, IReadOnlyList<IActorRef> routees)
    {
        if (routees.Count == 0) return null;
        var key = message switch
        {
            IConsistentHashable h => h.ConsistentHashKey,
            _ => hashMapping?.Invoke(message),
        };
        if (key is null) return null;
        var (_, points, owners) = Ring(routees);
        var hash = Hash(key);
        var i = Array.BinarySearch(points, hash);
        if (i < 0) i = ~i;
        return owners[i == points.Length ? 0 : i];
    }

    private (IReadOnlyList<IActorRef>, uint[], IActorRef[]) Ring(IReadOnlyList<IActorRef> routees)
    {
        var ring = _ring;
        if (ring is { } r && ReferenceEquals(r.Routees, routees)) return r;
        var entries = new List<(uint Point, IActorRef Owner)>(routees.Count * virtualNodesFactor);
        foreach (var routee in routees)
            for (var v = 0; v < virtualNodesFactor; v++)
                entries.Add((Murmur3(Encoding.UTF8.GetBytes($"{routee.Path.ToStringWithoutAddress()}:{v}")), routee));
        entries.Sort((a, b) => a.Point.CompareTo(b.Point));
        var built = (routees, entries.Select(e => e.Point).ToArray(), entries.Select(e => e.Owner).ToArray());
        _ring = built;
        return built;
    }

    internal static uint Hash(object key) => key switch
    {
        byte[] bytes => Murmur3(bytes),
        string s => Murmur3(Encoding.UTF8.GetBytes(s)),
        _ => Murmur3(Encoding.UTF8.GetBytes(Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture) ?? "")),
    };

    /// <summary>MurmurHash3 x86 32-bit with seed 0.</summary>
    internal static uint Murmur3(ReadOnlySpan<byte> data)
    {
        const uint c1 = 0xcc9e2d51, c2 = 0x1b873593;
        uint h = 0;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            k *= c1;
            k = uint.RotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = uint.RotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        uint tail = 0;
        var rest = data[(blocks * 4)..];
        switch (rest.Length)
        {
            case 3: tail ^= (uint)rest[2] << 16; goto case 2;
            case 2: tail ^= (uint)rest[1] << 8; goto case 1;
            case 1:
                tail ^= rest[0];
                tail *= c1;
                tail = uint.RotateLeft(tail, 15);
                tail *= c2;
                h ^= tail;
                break;
        }
        h ^= (uint)data.Length;
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }
}
