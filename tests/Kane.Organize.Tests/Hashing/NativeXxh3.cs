using System.Runtime.InteropServices;
using Kane.Organize.Hashing;

namespace Kane.Organize.Tests.Hashing;

/// <summary>The system's libxxhash, the reference our XXH3-128 must match bit for bit.</summary>
internal static unsafe partial class NativeXxh3
{
    private const string Library = "/usr/lib/x86_64-linux-gnu/libxxhash.so.0";

    [StructLayout(LayoutKind.Sequential)]
    private struct Xxh128
    {
        public ulong Low;
        public ulong High;
    }

    [LibraryImport(Library, EntryPoint = "XXH3_128bits")]
    private static partial Xxh128 Hash(byte* input, nuint length);

    [LibraryImport(Library, EntryPoint = "XXH3_128bits_withSeed")]
    private static partial Xxh128 HashWithSeed(byte* input, nuint length, ulong seed);

    public static Hash128 Hash128(ReadOnlySpan<byte> input)
    {
        fixed (byte* p = input)
        {
            var h = Hash(p, (nuint)input.Length);
            return new(h.Low, h.High);
        }
    }

    public static Hash128 Hash128(ReadOnlySpan<byte> input, ulong seed)
    {
        fixed (byte* p = input)
        {
            var h = HashWithSeed(p, (nuint)input.Length, seed);
            return new(h.Low, h.High);
        }
    }
}
