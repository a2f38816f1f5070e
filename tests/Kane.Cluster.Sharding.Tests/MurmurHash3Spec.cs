using System.Text;
using Kane.Cluster.Sharding.Internal;

namespace Kane.Cluster.Sharding.Tests;

public sealed class MurmurHash3Spec
{
    [Theory]
    [InlineData("", 0u, 0x00000000u)]
    [InlineData("", 1u, 0x514e28b7u)]
    [InlineData("", 0xffffffffu, 0x81f16f39u)]
    [InlineData("hello", 0u, 0x248bfa47u)]
    [InlineData("test", 0u, 0xba6bd213u)]
    [InlineData("Hello, world!", 0u, 0xc0363e43u)]
    [InlineData("aaaa", 0x9747b28cu, 0x5a97808au)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0u, 0x2e4ff723u)]
    public void Published_vectors_hash_to_their_published_values(string text, uint seed, uint expected)
    {
        Assert.Equal(expected, MurmurHash3.Hash(text, seed));
        Assert.Equal(expected, Reference(Encoding.UTF8.GetBytes(text), seed));
    }

    [Fact]
    public void Four_zero_bytes_hash_to_the_published_value()
    {
        Assert.Equal(0x2362f9deu, MurmurHash3.Hash(new byte[4]));
    }

    [Fact]
    public void Every_length_and_tail_agrees_with_an_independent_implementation()
    {
        var random = new Random(7);
        for (var length = 0; length < 300; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            var seed = (uint)random.Next();
            Assert.Equal(Reference(bytes, seed), MurmurHash3.Hash(bytes, seed));
        }
    }

    [Fact]
    public void Strings_hash_their_utf8_bytes_on_the_stack_and_in_rented_buffers_alike()
    {
        foreach (var text in new[] { "entité-42", "日本語のエンティティ", new string('ж', 500), new string('x', 5000) })
            Assert.Equal(Reference(Encoding.UTF8.GetBytes(text), 0), MurmurHash3.Hash(text));
    }

    // A second implementation written from the algorithm description in a different style (64-bit arithmetic masked
    // to 32 bits, bytes consumed one at a time), so a shared mistake is unlikely.
    private static uint Reference(byte[] data, uint seed)
    {
        const ulong Mask = 0xffffffff;
        static ulong Rotl(ulong x, int r) => ((x << r) | (x >> (32 - r))) & Mask;
        static ulong Mul(ulong a, ulong b) => (a * b) & Mask;
        ulong h = seed;
        ulong k = 0;
        var n = 0;
        foreach (var b in data)
        {
            k |= (ulong)b << (8 * n);
            if (++n < 4) continue;
            h ^= Mul(Rotl(Mul(k, 0xcc9e2d51), 15), 0x1b873593);
            h = (Mul(Rotl(h, 13), 5) + 0xe6546b64) & Mask;
            k = 0;
            n = 0;
        }
        if (n > 0) h ^= Mul(Rotl(Mul(k, 0xcc9e2d51), 15), 0x1b873593);
        h ^= (ulong)data.Length & Mask;
        h ^= h >> 16;
        h = Mul(h, 0x85ebca6b);
        h ^= h >> 13;
        h = Mul(h, 0xc2b2ae35);
        h ^= h >> 16;
        return (uint)h;
    }
}
