using Kane.Organize.Hashing.Internal;

namespace Kane.Organize.Hashing;

/// <summary>
/// XXH3-128 (xxHash 0.8), Kane's own implementation: bit-for-bit the values of <c>XXH3_128bits</c> and
/// <c>XXH3_128bits_withSeed</c>. Inputs over 240 bytes run an AVX-512 or AVX2 stripe loop where the CPU has one, a
/// scalar loop otherwise. Not a cryptographic hash: it finds equal content quickly, it does not resist a forger.
/// For input arriving in pieces use <see cref="Xxh3Hasher"/>, which gives the same value.
/// </summary>
public static class Xxh3
{
    /// <summary>The XXH3-128 hash of <paramref name="input"/> with <paramref name="seed"/> (0 is the unseeded hash).</summary>
    public static Hash128 Hash128(ReadOnlySpan<byte> input, ulong seed = 0) => Hash128(input, seed, Xxh3Kernels.Best);

    internal static Hash128 Hash128(ReadOnlySpan<byte> input, ulong seed, Xxh3Kernel kernel)
    {
        if (input.Length <= Xxh3Constants.MidSizeMax)
            return Xxh3Short.Hash(input, Xxh3Constants.DefaultSecret, seed);
        if (seed == 0)
            return Xxh3Long.Hash(input, Xxh3Constants.DefaultSecret, kernel);
        Span<byte> secret = stackalloc byte[Xxh3Constants.SecretSize];
        Xxh3Long.DeriveSecret(seed, secret);
        return Xxh3Long.Hash(input, secret, kernel);
    }
}
