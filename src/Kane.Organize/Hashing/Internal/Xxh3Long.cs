using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Kane.Organize.Hashing.Internal.Xxh3Constants;
using static Kane.Organize.Hashing.Internal.Xxh3Mix;

namespace Kane.Organize.Hashing.Internal;

/// <summary>
/// The XXH3 long path (more than 240 bytes): eight 64-bit accumulators absorb the input one 64-byte stripe at a time
/// against a secret window that slides 8 bytes per stripe; after 16 stripes (a block) the accumulators are scrambled.
/// Every stripe that has at least one input byte after it is absorbed this way; the last 64 bytes of the input are
/// then absorbed once more as an overlapping final stripe with a fixed secret window, and the accumulators are merged
/// into the two halves. Each accumulator lane is independent within a stripe, so the stripe loop is SIMD-friendly: an
/// AVX-512 kernel keeps the eight accumulators in one 512-bit register, an AVX2 kernel in two 256-bit registers; the
/// scalar kernel is the definition and the fallback.
/// </summary>
internal static class Xxh3Long
{
    /// <summary>One-shot hash of an input longer than <see cref="Xxh3Constants.MidSizeMax"/> bytes.</summary>
    public static Hash128 Hash(ReadOnlySpan<byte> input, ReadOnlySpan<byte> secret, Xxh3Kernel kernel)
    {
        Span<ulong> acc = stackalloc ulong[8];
        InitialAccumulators.CopyTo(acc);
        var stripesInBlock = 0;
        Consume(acc, ref stripesInBlock, input, (input.Length - 1) / StripeLength, secret, kernel);
        return Finish(acc, input[^StripeLength..], (ulong)input.Length, secret, kernel);
    }

    /// <summary>Absorbs the final overlapping stripe into <paramref name="acc"/> and merges the accumulators.</summary>
    public static Hash128 Finish(Span<ulong> acc, ReadOnlySpan<byte> lastStripe, ulong length, ReadOnlySpan<byte> secret, Xxh3Kernel kernel)
    {
        var unusedBlockPosition = 0;
        ConsumeWithSecretAt(acc, ref unusedBlockPosition, lastStripe, 1, secret, LastStripeSecretOffset, scrambles: false, kernel);
        return new(
            Merge(acc, secret, MergeSecretOffset, length * Prime64_1),
            Merge(acc, secret, SecretSize - StripeLength - MergeSecretOffset, ~(length * Prime64_2)));
    }

    /// <summary>
    /// Absorbs <paramref name="stripes"/> whole stripes from the start of <paramref name="input"/>, continuing a block
    /// at <paramref name="stripesInBlock"/> and scrambling whenever a block completes.
    /// </summary>
    public static void Consume(Span<ulong> acc, ref int stripesInBlock, ReadOnlySpan<byte> input, int stripes,
        ReadOnlySpan<byte> secret, Xxh3Kernel kernel) =>
        ConsumeWithSecretAt(acc, ref stripesInBlock, input, stripes, secret, 0, scrambles: true, kernel);

    /// <summary>The seeded secret: each 16-byte pair of the default secret shifted up and down by the seed.</summary>
    public static void DeriveSecret(ulong seed, Span<byte> destination)
    {
        var source = DefaultSecret;
        for (var i = 0; i < SecretSize; i += 16)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[i..], Read64(source, i) + seed);
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(i + 8)..], Read64(source, i + 8) - seed);
        }
    }

    private static void ConsumeWithSecretAt(Span<ulong> acc, ref int stripesInBlock, ReadOnlySpan<byte> input, int stripes,
        ReadOnlySpan<byte> secret, int secretBase, bool scrambles, Xxh3Kernel kernel)
    {
        if (stripes <= 0)
            return;
        if ((uint)input.Length < (uint)stripes * StripeLength || secret.Length < SecretSize)
            throw new ArgumentException("input shorter than the stripes to absorb, or secret too short");
        if (kernel == Xxh3Kernel.Avx512 && Avx512F.IsSupported)
            ConsumeAvx512(acc, ref stripesInBlock, input, stripes, secret, secretBase, scrambles);
        else if (kernel != Xxh3Kernel.Scalar && Avx2.IsSupported)
            ConsumeAvx2(acc, ref stripesInBlock, input, stripes, secret, secretBase, scrambles);
        else
            ConsumeScalar(acc, ref stripesInBlock, input, stripes, secret, secretBase, scrambles);
    }

    private static void ConsumeScalar(Span<ulong> acc, ref int stripesInBlock, ReadOnlySpan<byte> input, int stripes,
        ReadOnlySpan<byte> secret, int secretBase, bool scrambles)
    {
        // Bounds were checked by the caller for the whole run of stripes; per-word span slicing costs half the speed.
        ref var data = ref MemoryMarshal.GetReference(input);
        ref var secretStart = ref MemoryMarshal.GetReference(secret);
        ref var a = ref MemoryMarshal.GetReference(acc);
        var block = stripesInBlock;
        for (var n = 0; n < stripes; n++)
        {
            ref var stripe = ref Unsafe.Add(ref data, n * StripeLength);
            ref var key = ref Unsafe.Add(ref secretStart, secretBase + block * SecretConsumeRate);
            for (var i = 0; i < 8; i++)
            {
                var value = ReadLittleEndian(ref stripe, 8 * i);
                var keyed = value ^ ReadLittleEndian(ref key, 8 * i);
                // Each lane also takes its neighbour's raw input, so no input word is lost when keyed multiplies by 0.
                Unsafe.Add(ref a, i ^ 1) += value;
                Unsafe.Add(ref a, i) += (ulong)(uint)keyed * (keyed >> 32);
            }
            if (scrambles && ++block == StripesPerBlock)
            {
                ScrambleScalar(acc, secret[ScrambleSecretOffset..]);
                block = 0;
            }
        }
        stripesInBlock = block;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadLittleEndian(ref byte source, int offset)
    {
        var value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    private static void ScrambleScalar(Span<ulong> acc, ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < 8; i++)
        {
            var a = acc[i];
            a ^= a >> 47;
            a ^= Read64(key, 8 * i);
            acc[i] = a * Prime32_1;
        }
    }

    private static void ConsumeAvx2(Span<ulong> acc, ref int stripesInBlock, ReadOnlySpan<byte> input, int stripes,
        ReadOnlySpan<byte> secret, int secretBase, bool scrambles)
    {
        ref var accRef = ref MemoryMarshal.GetReference(acc);
        ref var data = ref MemoryMarshal.GetReference(input);
        ref var key = ref Unsafe.Add(ref MemoryMarshal.GetReference(secret), secretBase);
        ref var scrambleKey = ref Unsafe.Add(ref MemoryMarshal.GetReference(secret), ScrambleSecretOffset);
        var acc0 = Vector256.LoadUnsafe(ref accRef);
        var acc1 = Vector256.LoadUnsafe(ref accRef, 4);
        var block = stripesInBlock;
        nuint offset = 0;
        for (var n = 0; n < stripes; n++, offset += StripeLength)
        {
            var keyOffset = (nuint)(block * SecretConsumeRate);
            acc0 = AccumulateAvx2(acc0, Vector256.LoadUnsafe(ref data, offset).AsUInt64(), Vector256.LoadUnsafe(ref key, keyOffset).AsUInt64());
            acc1 = AccumulateAvx2(acc1, Vector256.LoadUnsafe(ref data, offset + 32).AsUInt64(), Vector256.LoadUnsafe(ref key, keyOffset + 32).AsUInt64());
            if (scrambles && ++block == StripesPerBlock)
            {
                acc0 = ScrambleAvx2(acc0, Vector256.LoadUnsafe(ref scrambleKey).AsUInt64());
                acc1 = ScrambleAvx2(acc1, Vector256.LoadUnsafe(ref scrambleKey, 32).AsUInt64());
                block = 0;
            }
        }
        acc0.StoreUnsafe(ref accRef);
        acc1.StoreUnsafe(ref accRef, 4);
        stripesInBlock = block;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> AccumulateAvx2(Vector256<ulong> acc, Vector256<ulong> data, Vector256<ulong> key)
    {
        var keyed = data ^ key;
        // vpmuludq: low 32 bits of each lane times the high 32 bits (shifted down), a full 64-bit product per lane.
        var product = Avx2.Multiply(keyed.AsUInt32(), Avx2.ShiftRightLogical(keyed, 32).AsUInt32());
        // Swap the 64-bit lanes within each pair: lane i receives the raw input of lane i ^ 1.
        var swapped = Avx2.Shuffle(data.AsUInt32(), 0b01_00_11_10).AsUInt64();
        return acc + swapped + product;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> ScrambleAvx2(Vector256<ulong> acc, Vector256<ulong> key)
    {
        acc ^= Avx2.ShiftRightLogical(acc, 47);
        acc ^= key;
        // acc * Prime32_1 with only 32x32->64 multiplies: low word times prime, plus high word times prime shifted up.
        var prime = Vector256.Create((ulong)Prime32_1).AsUInt32();
        var low = Avx2.Multiply(acc.AsUInt32(), prime);
        var high = Avx2.Multiply(Avx2.ShiftRightLogical(acc, 32).AsUInt32(), prime);
        return low + Avx2.ShiftLeftLogical(high, 32);
    }

    private static void ConsumeAvx512(Span<ulong> acc, ref int stripesInBlock, ReadOnlySpan<byte> input, int stripes,
        ReadOnlySpan<byte> secret, int secretBase, bool scrambles)
    {
        // One 512-bit register holds all eight accumulators: a stripe is one load, one multiply, two adds.
        ref var accRef = ref MemoryMarshal.GetReference(acc);
        ref var data = ref MemoryMarshal.GetReference(input);
        ref var key = ref Unsafe.Add(ref MemoryMarshal.GetReference(secret), secretBase);
        var scrambleKey = Vector512.LoadUnsafe(ref Unsafe.Add(ref MemoryMarshal.GetReference(secret), ScrambleSecretOffset)).AsUInt64();
        var prime = Vector512.Create((ulong)Prime32_1).AsUInt32();
        var accumulators = Vector512.LoadUnsafe(ref accRef);
        var block = stripesInBlock;
        nuint offset = 0;
        for (var n = 0; n < stripes; n++, offset += StripeLength)
        {
            var value = Vector512.LoadUnsafe(ref data, offset).AsUInt64();
            var keyed = value ^ Vector512.LoadUnsafe(ref key, (nuint)(block * SecretConsumeRate)).AsUInt64();
            var product = Avx512F.Multiply(keyed.AsUInt32(), Avx512F.ShiftRightLogical(keyed, 32).AsUInt32());
            accumulators += Avx512F.Shuffle(value.AsUInt32(), 0b01_00_11_10).AsUInt64() + product;
            if (scrambles && ++block == StripesPerBlock)
            {
                accumulators ^= Avx512F.ShiftRightLogical(accumulators, 47);
                accumulators ^= scrambleKey;
                var low = Avx512F.Multiply(accumulators.AsUInt32(), prime);
                var high = Avx512F.Multiply(Avx512F.ShiftRightLogical(accumulators, 32).AsUInt32(), prime);
                accumulators = low + Avx512F.ShiftLeftLogical(high, 32);
                block = 0;
            }
        }
        accumulators.StoreUnsafe(ref accRef);
        stripesInBlock = block;
    }

    private static ulong Merge(ReadOnlySpan<ulong> acc, ReadOnlySpan<byte> secret, int secretOffset, ulong start)
    {
        var result = start;
        for (var i = 0; i < 4; i++)
            result += MulFold64(acc[2 * i] ^ Read64(secret, secretOffset + 16 * i), acc[2 * i + 1] ^ Read64(secret, secretOffset + 16 * i + 8));
        return Avalanche(result);
    }
}
