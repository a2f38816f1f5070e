using System.Text;
using Kane.Organize.Hashing;

namespace Kane.Organize.Tests.Hashing;

public sealed class ContentHashTests
{
    [Fact]
    public void Sha256_of_abc_is_the_FIPS_180_test_vector()
    {
        var hash = ContentHasher.HashData(ContentHashAlgorithm.Sha256, "abc"u8);
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash.ToString());
        Assert.Equal(32, hash.Length);
    }

    [Fact]
    public void Xxh128_text_form_is_the_canonical_hex_of_libxxhash()
    {
        var data = Encoding.UTF8.GetBytes("Kane organises files");
        var hash = ContentHasher.HashData(ContentHashAlgorithm.Xxh128, data);
        Assert.Equal("xxh128:" + NativeXxh3.Hash128(data), hash.ToString());
        Assert.Equal(16, hash.Length);
    }

    [Theory]
    [InlineData(ContentHashAlgorithm.Xxh128)]
    [InlineData(ContentHashAlgorithm.Sha256)]
    public void Streaming_equals_one_shot_and_text_round_trips(ContentHashAlgorithm algorithm)
    {
        var data = new byte[100_000];
        new Random(9).NextBytes(data);
        using var hasher = new ContentHasher(algorithm);
        for (var offset = 0; offset < data.Length; offset += 7_777)
            hasher.Append(data.AsSpan(offset, Math.Min(7_777, data.Length - offset)));
        var streamed = hasher.GetHashAndReset();
        Assert.Equal(ContentHasher.HashData(algorithm, data), streamed);
        Assert.Equal(streamed, ContentHash.Parse(streamed.ToString()));
        hasher.Append(data.AsSpan(0, 10));
        Assert.Equal(ContentHasher.HashData(algorithm, data.AsSpan(0, 10)), hasher.GetHashAndReset());
    }

    [Fact]
    public void Hashes_differ_by_content_and_by_algorithm_and_work_as_keys()
    {
        var a = ContentHasher.HashData(ContentHashAlgorithm.Xxh128, "a"u8);
        var b = ContentHasher.HashData(ContentHashAlgorithm.Xxh128, "b"u8);
        var sha = ContentHasher.HashData(ContentHashAlgorithm.Sha256, "a"u8);
        Span<byte> shaPrefix = stackalloc byte[32];
        sha.CopyTo(shaPrefix);
        var truncated = ContentHash.FromBytes(ContentHashAlgorithm.Xxh128, shaPrefix[..16]);
        var groups = new[] { a, b, sha, truncated, ContentHasher.HashData(ContentHashAlgorithm.Xxh128, "a"u8) }.GroupBy(h => h).ToList();
        Assert.Equal(4, groups.Count);
        Assert.Equal(2, groups.Single(g => g.Key == a).Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("xxh128")]
    [InlineData("md5:00112233445566778899aabbccddeeff")]
    [InlineData("xxh128:00112233")]
    [InlineData("xxh128:zz112233445566778899aabbccddeeff")]
    [InlineData("sha256:00112233445566778899aabbccddeeff")]
    public void Malformed_text_is_rejected(string text)
    {
        Assert.False(ContentHash.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ContentHash.Parse(text));
    }

    [Fact]
    public void A_digest_of_the_wrong_length_is_rejected() =>
        Assert.Throws<ArgumentException>(() => ContentHash.FromBytes(ContentHashAlgorithm.Sha256, new byte[16]));
}
