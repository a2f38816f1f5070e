using System.Diagnostics;
using System.Runtime.InteropServices;
using Kane.Organize.Hashing;
using static Kane.Benchmarks.Benches.BenchSupport;

namespace Kane.Benchmarks.Benches;

/// <summary>
/// Content-hash throughput for duplicate detection (decision 0015): Kane's XXH3-128, SHA-256 (.NET over OpenSSL,
/// which uses the SHA extensions where the CPU has them), and the system's libxxhash XXH3-128 as the in-run baseline:
/// its runtime-dispatched entry points (AVX2 or AVX-512, whichever the CPU has), the strongest native figure; the
/// plain SSE2 build Debian exports as XXH3_128bits is printed beside it, as are our AVX2 and scalar kernels.
/// First over a 1 MiB buffer in memory (five samples of ~1 s per hash, interleaved, median), then over a 1 GiB file
/// read through a warm page cache with the same positional 256 KiB reads the hash task uses (three samples each,
/// median). MB/s are 10^6 bytes per second.
/// </summary>
internal static partial class HashBench
{
    private const string Library = "/usr/lib/x86_64-linux-gnu/libxxhash.so.0";
    private const int BufferBytes = 1 << 20;

    public static Task<int> Run(string[] args)
    {
        var fileMiB = IntOption(args, "file-mib", 1024);
        var samples = IntOption(args, "samples", 5);
        Machine();
        Console.WriteLine($"# cpu: avx2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, avx512f {System.Runtime.Intrinsics.X86.Avx512F.IsSupported}, sha_ni {CpuFlag("sha_ni")}; " +
            "shared 2-core machine, other builds may be running: figures are noisy, the ratio travels better");
        var buffer = new byte[BufferBytes];
        new Random(42).NextBytes(buffer);
        if (NativeHash(buffer) != Xxh3.Hash128(buffer))
        {
            Console.Error.WriteLine("our XXH3-128 differs from libxxhash on the bench buffer");
            return Task.FromResult(1);
        }

        var candidates = new (string Name, Action<byte[]> Hash)[]
        {
            ("xxh3", b => Xxh3.Hash128(b)),
            ("xxh3-avx2", b => Xxh3.Hash128(b, 0, Kane.Organize.Hashing.Internal.Xxh3Kernel.Avx2)),
            ("xxh3-scalar", b => Xxh3.Hash128(b, 0, Kane.Organize.Hashing.Internal.Xxh3Kernel.Scalar)),
            ("sha256", b => ContentHasher.HashData(ContentHashAlgorithm.Sha256, b)),
            ("native-xxh3", b => NativeHash(b)),
            ("native-xxh3-sse2", b => NativeHashBaseline(b)),
        };
        var memory = candidates.ToDictionary(c => c.Name, _ => new List<double>());
        foreach (var (_, hash) in candidates)
            Measure(hash, buffer, 0.2); // warm-up and tiering
        for (var s = 0; s < samples; s++)
        {
            foreach (var (name, hash) in candidates)
                memory[name].Add(Measure(hash, buffer, 1.0));
            Console.WriteLine($"# memory sample {s + 1}: " + string.Join(" ", candidates.Select(c => $"{c.Name}={Fmt(memory[c.Name][^1])}")));
        }
        var m = memory.ToDictionary(kv => kv.Key, kv => Median(kv.Value));
        Console.WriteLine($"memory 1 MiB buffer (MB/s, median of {samples}): xxh3={Fmt(m["xxh3"])} (kernel {Kane.Organize.Hashing.Internal.Xxh3Kernels.Best}) xxh3_avx2={Fmt(m["xxh3-avx2"])} xxh3_scalar={Fmt(m["xxh3-scalar"])} sha256={Fmt(m["sha256"])} native_xxh3={Fmt(m["native-xxh3"])} native_xxh3_sse2={Fmt(m["native-xxh3-sse2"])}");

        var file = fileMiB > 0 ? FileFigures(fileMiB) : null;
        Console.WriteLine($"hash: xxh3_mb_s={Fmt(m["xxh3"])} sha256_mb_s={Fmt(m["sha256"])} native_xxh3_mb_s={Fmt(m["native-xxh3"])} ratio={Fmt2(m["xxh3"] / m["native-xxh3"])}");
        if (file is { } f)
            Console.WriteLine($"hash-file: xxh3_mb_s={Fmt(f.Xxh3)} sha256_mb_s={Fmt(f.Sha256)} native_xxh3_mb_s={Fmt(f.Native)} ratio={Fmt2(f.Xxh3 / f.Native)} file_mib={fileMiB}");
        return Task.FromResult(0);
    }

    private static bool CpuFlag(string flag) =>
        File.Exists("/proc/cpuinfo") && File.ReadLines("/proc/cpuinfo").Any(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Split(' ').Contains(flag));

    /// <summary>MB/s of <paramref name="hash"/> over <paramref name="buffer"/> for about <paramref name="seconds"/>.</summary>
    private static double Measure(Action<byte[]> hash, byte[] buffer, double seconds)
    {
        long rounds = 0;
        var start = Stopwatch.GetTimestamp();
        double elapsed;
        do
        {
            for (var i = 0; i < 16; i++)
                hash(buffer);
            rounds += 16;
        }
        while ((elapsed = Seconds(start)) < seconds);
        return rounds * (double)buffer.Length / elapsed / 1e6;
    }

    private sealed record FileRates(double Xxh3, double Sha256, double Native);

    private static FileRates FileFigures(int mib)
    {
        var dir = Directory.CreateTempSubdirectory("kane-hash-bench-").FullName;
        try
        {
            var path = Path.Combine(dir, "content.bin");
            var chunk = new byte[1 << 20];
            var random = new Random(7);
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                for (var i = 0; i < mib; i++)
                {
                    random.NextBytes(chunk);
                    stream.Write(chunk);
                }
            }
            using var handle = FileHashing.OpenRead(path);
            var bytes = (double)mib * (1 << 20);
            // The first pass reads the file into the page cache (it was just written, so mostly there already).
            var warm = FileHashing.Full(handle, ContentHashAlgorithm.Xxh128);
            if (warm.Hash != ContentHash.FromXxh128(NativeFile(handle)))
                throw new InvalidOperationException("our XXH3-128 of the file differs from libxxhash's");
            var rates = new Dictionary<string, List<double>> { ["xxh3"] = [], ["sha256"] = [], ["native"] = [] };
            for (var s = 0; s < 3; s++)
            {
                rates["xxh3"].Add(Timed(() => FileHashing.Full(handle, ContentHashAlgorithm.Xxh128), bytes));
                rates["sha256"].Add(Timed(() => FileHashing.Full(handle, ContentHashAlgorithm.Sha256), bytes));
                rates["native"].Add(Timed(() => NativeFile(handle), bytes));
                Console.WriteLine($"# file sample {s + 1}: xxh3={Fmt(rates["xxh3"][^1])} sha256={Fmt(rates["sha256"][^1])} native_xxh3={Fmt(rates["native"][^1])}");
            }
            var result = new FileRates(Median(rates["xxh3"]), Median(rates["sha256"]), Median(rates["native"]));
            Console.WriteLine($"file {mib} MiB, warm page cache, 256 KiB reads (MB/s, median of 3): xxh3={Fmt(result.Xxh3)} sha256={Fmt(result.Sha256)} native_xxh3={Fmt(result.Native)}");
            return result;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Timed(Action action, double bytes)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return bytes / Seconds(start) / 1e6;
    }

    /// <summary>libxxhash's streaming XXH3-128 over the file, with the read loop <see cref="FileHashing.Full"/> uses.</summary>
    private static Hash128 NativeFile(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        var state = CreateState();
        try
        {
            Reset(state);
            var buffer = new byte[FileHashing.FullReadLength];
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                Update(state, ref MemoryMarshal.GetArrayDataReference(buffer), (nuint)read);
                offset += read;
            }
            var h = Digest(state);
            return new Hash128(h.Low, h.High);
        }
        finally
        {
            FreeState(state);
        }
    }

    /// <summary>libxxhash's runtime-dispatched XXH3-128: the widest vector unit the CPU has (AVX2 or AVX-512).</summary>
    private static Hash128 NativeHash(byte[] data)
    {
        var h = HashDispatch(ref MemoryMarshal.GetArrayDataReference(data), (nuint)data.Length);
        return new Hash128(h.Low, h.High);
    }

    /// <summary>libxxhash's plain XXH3_128bits, compiled for the x86-64 baseline (SSE2) in Debian's build.</summary>
    private static Hash128 NativeHashBaseline(byte[] data)
    {
        var h = Hash(ref MemoryMarshal.GetArrayDataReference(data), (nuint)data.Length);
        return new Hash128(h.Low, h.High);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Xxh128
    {
        public ulong Low;
        public ulong High;
    }

    [LibraryImport(Library, EntryPoint = "XXH3_128bits")]
    private static partial Xxh128 Hash(ref byte input, nuint length);

    [LibraryImport(Library, EntryPoint = "XXH3_128bits_dispatch")]
    private static partial Xxh128 HashDispatch(ref byte input, nuint length);

    [LibraryImport(Library, EntryPoint = "XXH3_createState")]
    private static partial nint CreateState();

    [LibraryImport(Library, EntryPoint = "XXH3_freeState")]
    private static partial int FreeState(nint state);

    [LibraryImport(Library, EntryPoint = "XXH3_128bits_reset")]
    private static partial int Reset(nint state);

    [LibraryImport(Library, EntryPoint = "XXH3_128bits_update_dispatch")]
    private static partial int Update(nint state, ref byte input, nuint length);

    [LibraryImport(Library, EntryPoint = "XXH3_128bits_digest")]
    private static partial Xxh128 Digest(nint state);
}
