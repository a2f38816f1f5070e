using System.Runtime.Intrinsics.X86;

namespace Kane.Organize.Hashing.Internal;

/// <summary>Which stripe loop of the long path runs: the scalar definition, or one of the vector units.</summary>
internal enum Xxh3Kernel
{
    Scalar,
    Avx2,
    Avx512,
}

internal static class Xxh3Kernels
{
    /// <summary>The widest kernel this CPU runs.</summary>
    public static readonly Xxh3Kernel Best =
        Avx512F.IsSupported ? Xxh3Kernel.Avx512 : Avx2.IsSupported ? Xxh3Kernel.Avx2 : Xxh3Kernel.Scalar;

    public static bool IsSupported(Xxh3Kernel kernel) => kernel switch
    {
        Xxh3Kernel.Avx512 => Avx512F.IsSupported,
        Xxh3Kernel.Avx2 => Avx2.IsSupported,
        _ => true,
    };
}
