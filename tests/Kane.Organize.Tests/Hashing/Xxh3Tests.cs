using Kane.Organize.Hashing;
using Kane.Organize.Hashing.Internal;

namespace Kane.Organize.Tests.Hashing;

public sealed class Xxh3Tests
{
    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void Every_length_up_to_2048_matches_libxxhash_unseeded_and_seeded()
    {
        var data = RandomBytes(2048, 1);
        var seeds = new ulong[] { 1, 0x9E3779B97F4A7C15UL, ulong.MaxValue };
        for (var len = 0; len <= 2048; len++)
        {
            var input = data.AsSpan(0, len);
            Assert.Equal(NativeXxh3.Hash128(input), Xxh3.Hash128(input));
            var seed = seeds[len % seeds.Length];
            Assert.Equal(NativeXxh3.Hash128(input, seed), Xxh3.Hash128(input, seed));
        }
    }

    /// <summary>The stripe kernels this CPU can run; on this project's machines, all three.</summary>
    public static TheoryData<string> Kernels => new(Enum.GetValues<Xxh3Kernel>().Where(Xxh3Kernels.IsSupported).Select(k => k.ToString()));

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Every_stripe_kernel_agrees_with_libxxhash(string kernelName)
    {
        var kernel = Enum.Parse<Xxh3Kernel>(kernelName);
        var data = RandomBytes(70_000, 2);
        foreach (var len in new[] { 241, 255, 256, 257, 1023, 1024, 1025, 1088, 2047, 2048, 2049, 16_384, 16_385, 65_536 + 7, 70_000 })
        {
            var input = data.AsSpan(0, len);
            Assert.Equal(NativeXxh3.Hash128(input), Xxh3.Hash128(input, 0, kernel));
            Assert.Equal(NativeXxh3.Hash128(input, 42), Xxh3.Hash128(input, 42, kernel));
        }
    }

    [Theory]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 63)]
    [InlineData(3 * (1 << 20) + 1)]
    [InlineData(8 * (1 << 20) - 1)]
    public void Multi_megabyte_inputs_match_libxxhash(int length)
    {
        var data = RandomBytes(length, length);
        Assert.Equal(NativeXxh3.Hash128(data), Xxh3.Hash128(data));
        Assert.Equal(NativeXxh3.Hash128(data, 7), Xxh3.Hash128(data, 7));
    }

    [Fact]
    public void Inputs_of_one_repeated_byte_match_libxxhash()
    {
        // Zeros and 0xFF stress the multiply-by-zero and carry cases the random inputs rarely hit.
        foreach (var fill in new byte[] { 0, 0xFF })
        {
            foreach (var len in new[] { 1, 3, 4, 8, 9, 16, 17, 128, 129, 240, 241, 4096, 100_000 })
            {
                var input = new byte[len];
                Array.Fill(input, fill);
                Assert.Equal(NativeXxh3.Hash128(input), Xxh3.Hash128(input));
            }
        }
    }

    [Fact]
    public void Streaming_with_random_chunk_splits_matches_libxxhash()
    {
        var random = new Random(3);
        var data = RandomBytes(300_000, 4);
        foreach (var len in new[] { 0, 1, 17, 200, 240, 241, 256, 257, 300, 1024, 1025, 5000, 65_537, 300_000 })
        {
            foreach (var seed in new ulong[] { 0, 12345 })
            {
                foreach (var kernel in Enum.GetValues<Xxh3Kernel>().Where(Xxh3Kernels.IsSupported))
                {
                    var hasher = new Xxh3Hasher(seed, kernel);
                    var input = data.AsSpan(0, len);
                    var maxChunk = random.Next(1, 3) == 1 ? 70 : 5000;
                    while (!input.IsEmpty)
                    {
                        var take = Math.Min(input.Length, random.Next(0, maxChunk));
                        hasher.Append(input[..take]);
                        input = input[take..];
                    }
                    Assert.Equal(len, hasher.Length);
                    Assert.Equal(seed == 0 ? NativeXxh3.Hash128(data.AsSpan(0, len)) : NativeXxh3.Hash128(data.AsSpan(0, len), seed),
                        hasher.GetCurrentHash());
                }
            }
        }
    }

    [Fact]
    public void Reading_the_hash_midway_does_not_disturb_the_stream()
    {
        var data = RandomBytes(10_000, 5);
        var hasher = new Xxh3Hasher();
        for (var offset = 0; offset < data.Length; offset += 333)
        {
            var end = Math.Min(data.Length, offset + 333);
            hasher.Append(data.AsSpan(offset, end - offset));
            Assert.Equal(NativeXxh3.Hash128(data.AsSpan(0, end)), hasher.GetCurrentHash());
        }
        hasher.Reset();
        hasher.Append(data.AsSpan(0, 100));
        Assert.Equal(NativeXxh3.Hash128(data.AsSpan(0, 100)), hasher.GetCurrentHash());
    }

    [Fact]
    public void Canonical_form_is_big_endian_high_half_first()
    {
        var h = new Hash128(0x0123456789ABCDEFUL, 0xFEDCBA9876543210UL);
        Assert.Equal("fedcba98765432100123456789abcdef", h.ToString());
        Span<byte> bytes = stackalloc byte[16];
        h.WriteCanonical(bytes);
        Assert.Equal(Convert.FromHexString("fedcba98765432100123456789abcdef"), bytes.ToArray());
    }
}
