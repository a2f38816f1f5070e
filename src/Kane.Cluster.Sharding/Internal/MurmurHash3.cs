using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Kane.Cluster.Sharding.Internal;

/// <summary>
/// MurmurHash3 x86 32-bit (Austin Appleby's public-domain algorithm). Shard ids must hash the same on every node,
/// in every process and on every runtime version, which <see cref="string.GetHashCode()"/> does not (randomised per
/// process): this is the fixed hash behind <see cref="HashCodeMessageExtractor"/>.
/// </summary>
internal static class MurmurHash3
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;
    private const int StackLimit = 256;

    /// <summary>The hash of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static uint Hash(string text, uint seed = 0)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            return Hash(buffer[..Encoding.UTF8.GetBytes(text, buffer)], seed);
        }
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            return Hash(rented.AsSpan(0, Encoding.UTF8.GetBytes(text, rented)), seed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static uint Hash(ReadOnlySpan<byte> data, uint seed = 0)
    {
        var h = seed;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            h ^= Scramble(BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4)));
            h = BitOperations.RotateLeft(h, 13);
            h = (h * 5) + 0xe6546b64;
        }

        var tail = data[(blocks * 4)..];
        uint k = 0;
        switch (tail.Length)
        {
            case 3:
                k ^= (uint)tail[2] << 16;
                goto case 2;
            case 2:
                k ^= (uint)tail[1] << 8;
                goto case 1;
            case 1:
                k ^= tail[0];
                h ^= Scramble(k);
                break;
        }

        h ^= (uint)data.Length;
        return Mix(h);
    }

    private static uint Scramble(uint k)
    {
        k *= C1;
        k = BitOperations.RotateLeft(k, 15);
        return k * C2;
    }

    // The finalizer: forces every input bit to avalanche into every output bit.
    private static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }
}
