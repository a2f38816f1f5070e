using Kane.Organize.Hashing;

namespace Kane.Organize.Tests.Hashing;

public sealed class FileHashingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-filehash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(ContentHashAlgorithm.Xxh128)]
    [InlineData(ContentHashAlgorithm.Sha256)]
    public void Head_tail_and_full_hash_the_right_bytes_of_a_large_file(ContentHashAlgorithm algorithm)
    {
        var content = RandomBytes(1_000_003, 1);
        using var file = FileHashing.OpenRead(Write("large.bin", content));
        var head = new byte[FileHashing.SampleLength];
        var headHash = FileHashing.Head(file, algorithm, head, out var headLength);
        Assert.Equal(FileHashing.SampleLength, headLength);
        Assert.Equal(content.AsSpan(0, headLength).ToArray(), head);
        Assert.Equal(ContentHasher.HashData(algorithm, content.AsSpan(0, 4096)), headHash);
        Assert.Equal(ContentHasher.HashData(algorithm, content.AsSpan(content.Length - 4096)), FileHashing.Tail(file, content.Length, algorithm));
        var (full, length) = FileHashing.Full(file, algorithm);
        Assert.Equal(content.Length, length);
        Assert.Equal(ContentHasher.HashData(algorithm, content), full);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    public void For_a_file_within_the_sample_the_head_hash_is_the_full_hash(int size)
    {
        var content = RandomBytes(size, size);
        using var file = FileHashing.OpenRead(Write($"small{size}.bin", content));
        var head = new byte[FileHashing.SampleLength];
        var headHash = FileHashing.Head(file, ContentHashAlgorithm.Xxh128, head, out var headLength);
        Assert.Equal(size, headLength);
        Assert.Equal(FileHashing.Full(file, ContentHashAlgorithm.Xxh128), (headHash, (long)size));
        Assert.Equal(headHash, FileHashing.Tail(file, size, ContentHashAlgorithm.Xxh128));
    }

    [Fact]
    public void Files_differing_only_in_the_last_byte_share_a_head_but_not_a_tail_or_full_hash()
    {
        var a = RandomBytes(50_000, 3);
        var b = (byte[])a.Clone();
        b[^1] ^= 1;
        using var fa = FileHashing.OpenRead(Write("a.bin", a));
        using var fb = FileHashing.OpenRead(Write("b.bin", b));
        var buffer = new byte[FileHashing.SampleLength];
        Assert.Equal(FileHashing.Head(fa, ContentHashAlgorithm.Xxh128, buffer, out _), FileHashing.Head(fb, ContentHashAlgorithm.Xxh128, buffer, out _));
        Assert.NotEqual(FileHashing.Tail(fa, a.Length, ContentHashAlgorithm.Xxh128), FileHashing.Tail(fb, b.Length, ContentHashAlgorithm.Xxh128));
        Assert.NotEqual(FileHashing.Full(fa, ContentHashAlgorithm.Xxh128).Hash, FileHashing.Full(fb, ContentHashAlgorithm.Xxh128).Hash);
    }

    [Fact]
    public void A_cancelled_full_hash_stops()
    {
        using var file = FileHashing.OpenRead(Write("c.bin", RandomBytes(1_000_000, 4)));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => FileHashing.Full(file, ContentHashAlgorithm.Sha256, cts.Token));
    }
}
