using System.Buffers.Binary;
using System.Numerics;
using static Kane.Organize.Hashing.Internal.Xxh3Constants;
using static Kane.Organize.Hashing.Internal.Xxh3Mix;

namespace Kane.Organize.Hashing.Internal;

/// <summary>
/// The XXH3-128 paths for inputs of at most <see cref="Xxh3Constants.MidSizeMax"/> bytes. They read the default secret
/// and add the seed on the fly; no accumulators, no stripes.
/// </summary>
internal static class Xxh3Short
{
    public static Hash128 Hash(ReadOnlySpan<byte> input, ReadOnlySpan<byte> secret, ulong seed) => input.Length switch
    {
        0 => Empty(secret, seed),
        <= 3 => OneToThree(input, secret, seed),
        <= 8 => FourToEight(input, secret, seed),
        <= 16 => NineToSixteen(input, secret, seed),
        <= 128 => SeventeenTo128(input, secret, seed),
        _ => MidSize(input, secret, seed),
    };

    private static Hash128 Empty(ReadOnlySpan<byte> secret, ulong seed) => new(
        Avalanche64(seed ^ Read64(secret, 64) ^ Read64(secret, 72)),
        Avalanche64(seed ^ Read64(secret, 80) ^ Read64(secret, 88)));

    private static Hash128 OneToThree(ReadOnlySpan<byte> input, ReadOnlySpan<byte> secret, ulong seed)
    {
        // First, middle and last byte plus the length packed in one word; the high half sees it byte-swapped and rotated.
        var len = (uint)input.Length;
        var packed = ((uint)input[0] << 16) | ((uint)input[input.Length >> 1] << 24) | input[^1] | (len << 8);
        var packedHigh = BitOperations.RotateLeft(BinaryPrimitives.ReverseEndianness(packed), 13);
        var keyLow = (ulong)(Read32(secret, 0) ^ Read32(secret, 4)) + seed;
        var keyHigh = (ulong)(Read32(secret, 8) ^ Read32(secret, 12)) - seed;
        return new(Avalanche64(packed ^ keyLow), Avalanche64(packedHigh ^ keyHigh));
    }

    private static Hash128 FourToEight(ReadOnlySpan<byte> input, ReadOnlySpan<byte> secret, ulong seed)
    {
        seed ^= (ulong)BinaryPrimitives.ReverseEndianness((uint)seed) << 32;
        // The first and last four bytes overlap for lengths under eight; together with the length they are unique.
        var combined = Read32(input, 0) + ((ulong)Read32(input, input.Length - 4) << 32);
        var keyed = combined ^ ((Read64(secret, 16) ^ Read64(secret, 24)) + seed);
        var high = Math.BigMul(keyed, Prime64_1 + ((ulong)input.Length << 2), out var low);
        high += low << 1;
        low ^= high >> 3;
        low ^= low >> 35;
        low *= PrimeMx2;
        low ^= low >> 28;
        return new(low, Avalanche(high));
    }

    private static Hash128 NineToSixteen(ReadOnlySpan<byte> input, ReadOnlySpan<byte> secret, ulong seed)
    {
        var keyLow = (Read64(secret, 32) ^ Read64(secret, 40)) - seed;
        var keyHigh = (Read64(secret, 48) ^ Read64(secret, 56)) + seed;
        var first = Read64(input, 0);
        var last = Read64(input, input.Length - 8);
        var high = Math.BigMul(first ^ last ^ keyLow, Prime64_1, out var low);
        low += (ulong)(input.Length - 1) << 54;
        last ^= keyHigh;
        // last * Prime32_2 split as last + lo32(last) * (Prime32_2 - 1), the form the reference defines.
        high += last + (ulong)(uint)last * (Prime32_2 - 1);
        low ^= BinaryPrimitives.ReverseEndianness(high);
        var finalHigh = Math.BigMul(low, Prime64_2, out var finalLow);
        finalHigh += high * Prime64_2;
        return new(Avalanche(finalLow), Avalanche(finalHigh));
    }

    private static Hash128 SeventeenTo128(ReadOnlySpan<byte> input, ReadOnlySpan<byte> secret, ulong seed)
    {
        var len = input.Length;
        var low = (ulong)len * Prime64_1;
        var high = 0UL;
        // Pairs of 16-byte blocks from both ends, innermost pair first, each with its own 32 bytes of secret.
        if (len > 32)
        {
            if (len > 64)
            {
                if (len > 96)
                    Mix32(ref low, ref high, input, 48, len - 64, secret, 96, seed);
                Mix32(ref low, ref high, input, 32, len - 48, secret, 64, seed);
            }
            Mix32(ref low, ref high, input, 16, len - 32, secret, 32, seed);
        }
        Mix32(ref low, ref high, input, 0, len - 16, secret, 0, seed);
        return Finish(low, high, len, seed);
    }

    private static Hash128 MidSize(ReadOnlySpan<byte> input, ReadOnlySpan<byte> secret, ulong seed)
    {
        const int startOffset = 3;
        const int lastOffset = 17;
        var len = input.Length;
        var rounds = len / 32;
        var low = (ulong)len * Prime64_1;
        var high = 0UL;
        for (var i = 0; i < 4; i++)
            Mix32(ref low, ref high, input, 32 * i, 32 * i + 16, secret, 32 * i, seed);
        low = Avalanche(low);
        high = Avalanche(high);
        // Rounds past the fourth reuse the secret from a small offset: 240 bytes need more than 136 of secret otherwise.
        for (var i = 4; i < rounds; i++)
            Mix32(ref low, ref high, input, 32 * i, 32 * i + 16, secret, startOffset + 32 * (i - 4), seed);
        Mix32(ref low, ref high, input, len - 16, len - 32, secret, 136 - lastOffset - 16, 0UL - seed);
        return Finish(low, high, len, seed);
    }

    private static Hash128 Finish(ulong low, ulong high, int len, ulong seed)
    {
        var resultLow = low + high;
        var resultHigh = low * Prime64_1 + high * Prime64_4 + ((ulong)len - seed) * Prime64_2;
        return new(Avalanche(resultLow), 0UL - Avalanche(resultHigh));
    }
}
