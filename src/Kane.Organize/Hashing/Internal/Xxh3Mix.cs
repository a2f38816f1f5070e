using System.Buffers.Binary;
using System.Numerics;
using static Kane.Organize.Hashing.Internal.Xxh3Constants;

namespace Kane.Organize.Hashing.Internal;

/// <summary>The mixing primitives XXH3 builds every path from.</summary>
internal static class Xxh3Mix
{
    public static ulong Read64(ReadOnlySpan<byte> s, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(s[offset..]);

    public static uint Read32(ReadOnlySpan<byte> s, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(s[offset..]);

    /// <summary>The full 128-bit product folded to 64 bits by xor of its halves.</summary>
    public static ulong MulFold64(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        return low ^ high;
    }

    /// <summary>Final mix of the mid-size and long paths.</summary>
    public static ulong Avalanche(ulong h)
    {
        h ^= h >> 37;
        h *= PrimeMx1;
        return h ^ (h >> 32);
    }

    /// <summary>The XXH64 finaliser, used by the 0..3-byte paths.</summary>
    public static ulong Avalanche64(ulong h)
    {
        h ^= h >> 33;
        h *= Prime64_2;
        h ^= h >> 29;
        h *= Prime64_3;
        return h ^ (h >> 32);
    }

    /// <summary>Sixteen input bytes against sixteen secret bytes, keyed by the seed.</summary>
    public static ulong Mix16(ReadOnlySpan<byte> input, int inputOffset, ReadOnlySpan<byte> secret, int secretOffset, ulong seed) =>
        MulFold64(
            Read64(input, inputOffset) ^ (Read64(secret, secretOffset) + seed),
            Read64(input, inputOffset + 8) ^ (Read64(secret, secretOffset + 8) - seed));

    /// <summary>
    /// One round of the 128-bit mid-size paths: each half absorbs a 16-byte mix of one input and the plain sum of the
    /// other's two words, so the halves stay coupled.
    /// </summary>
    public static void Mix32(ref ulong low, ref ulong high, ReadOnlySpan<byte> input, int first, int second,
        ReadOnlySpan<byte> secret, int secretOffset, ulong seed)
    {
        low += Mix16(input, first, secret, secretOffset, seed);
        low ^= Read64(input, second) + Read64(input, second + 8);
        high += Mix16(input, second, secret, secretOffset + 16, seed);
        high ^= Read64(input, first) + Read64(input, first + 8);
    }

    public static ulong RotateLeft(ulong v, int n) => BitOperations.RotateLeft(v, n);
}
