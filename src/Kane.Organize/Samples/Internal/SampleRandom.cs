using System.Numerics;
using System.Runtime.InteropServices;

namespace Kane.Organize.Samples.Internal;

/// <summary>
/// xoshiro256** seeded through SplitMix64: fast (several GB/s of filler bytes), and a pure function of its seed, so
/// each file's bytes depend only on (tree seed, file index), whatever thread writes it.
/// </summary>
internal struct SampleRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SampleRandom(ulong seed, ulong stream)
    {
        var x = seed * 0x9E3779B97F4A7C15UL ^ (stream + 0x632BE59BD9B4E019UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, max).</summary>
    public int Next(int max) => max <= 1 ? 0 : (int)((NextUInt64() >> 33) % (ulong)max);

    public int Next(int min, int max) => min + Next(max - min);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>A standard normal deviate (Box–Muller).</summary>
    public double NextGaussian()
    {
        var u = 1.0 - NextDouble();
        var v = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public void Fill(Span<byte> destination)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(destination);
        for (var i = 0; i < words.Length; i++)
            words[i] = NextUInt64();
        var tail = destination[(words.Length * 8)..];
        if (tail.Length > 0)
        {
            Span<byte> last = stackalloc byte[8];
            BitConverter.TryWriteBytes(last, NextUInt64());
            last[..tail.Length].CopyTo(tail);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
