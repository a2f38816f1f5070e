using Kane.Organize.Hashing.Internal;
using static Kane.Organize.Hashing.Internal.Xxh3Constants;

namespace Kane.Organize.Hashing;

/// <summary>
/// Streaming XXH3-128: <see cref="Append"/> the input in pieces of any size, then <see cref="GetCurrentHash"/>; the
/// value equals <see cref="Xxh3.Hash128(ReadOnlySpan{byte}, ulong)"/> of the concatenation. Reading the hash does not
/// end the stream. Not thread-safe; under 1 KB of state and no allocation per call.
/// </summary>
public sealed class Xxh3Hasher
{
    // Input is held back until more arrives: a stripe is absorbed only once a byte is known to follow it (the long
    // path's rule), and inputs of at most 240 bytes take the short paths over the whole input at the end.
    private const int BufferSize = 256;

    private readonly ulong _seed;
    private readonly Xxh3Kernel _kernel;
    private readonly byte[] _secret;
    private readonly ulong[] _acc = new ulong[8];
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly byte[] _lastStripe = new byte[StripeLength];
    private int _buffered;
    private int _stripesInBlock;
    private long _length;

    /// <summary>A hasher for the XXH3-128 hash with <paramref name="seed"/> (0 is the unseeded hash).</summary>
    public Xxh3Hasher(ulong seed = 0) : this(seed, Xxh3Kernels.Best)
    {
    }

    internal Xxh3Hasher(ulong seed, Xxh3Kernel kernel)
    {
        _seed = seed;
        _kernel = kernel;
        _secret = new byte[SecretSize];
        if (seed == 0)
            DefaultSecret.CopyTo(_secret);
        else
            Xxh3Long.DeriveSecret(seed, _secret);
        Reset();
    }

    /// <summary>Bytes appended since construction or the last <see cref="Reset"/>.</summary>
    public long Length => _length;

    /// <summary>Forgets all input; the seed stays.</summary>
    public void Reset()
    {
        InitialAccumulators.CopyTo(_acc);
        _buffered = 0;
        _stripesInBlock = 0;
        _length = 0;
    }

    /// <summary>Adds <paramref name="input"/> to the stream.</summary>
    public void Append(ReadOnlySpan<byte> input)
    {
        _length += input.Length;
        if (_buffered + input.Length <= BufferSize)
        {
            input.CopyTo(_buffer.AsSpan(_buffered));
            _buffered += input.Length;
            return;
        }
        if (_buffered > 0)
        {
            // More follows the full buffer, so all four of its stripes can be absorbed.
            var fill = BufferSize - _buffered;
            input[..fill].CopyTo(_buffer.AsSpan(_buffered));
            input = input[fill..];
            Xxh3Long.Consume(_acc, ref _stripesInBlock, _buffer, BufferSize / StripeLength, _secret, _kernel);
            _buffer.AsSpan(BufferSize - StripeLength).CopyTo(_lastStripe);
            _buffered = 0;
        }
        // Straight from the caller's memory: every whole stripe with at least one byte after it; 1..64 bytes remain.
        var stripes = (input.Length - 1) / StripeLength;
        if (stripes > 0)
        {
            Xxh3Long.Consume(_acc, ref _stripesInBlock, input, stripes, _secret, _kernel);
            var consumed = stripes * StripeLength;
            input.Slice(consumed - StripeLength, StripeLength).CopyTo(_lastStripe);
            input = input[consumed..];
        }
        input.CopyTo(_buffer);
        _buffered = input.Length;
    }

    /// <summary>The hash of everything appended so far.</summary>
    public Hash128 GetCurrentHash()
    {
        if (_length <= MidSizeMax)
            return Xxh3Short.Hash(_buffer.AsSpan(0, _buffered), DefaultSecret, _seed);
        Span<ulong> acc = stackalloc ulong[8];
        _acc.CopyTo(acc);
        var stripesInBlock = _stripesInBlock;
        var buffered = _buffer.AsSpan(0, _buffered);
        Xxh3Long.Consume(acc, ref stripesInBlock, buffered, (_buffered - 1) / StripeLength, _secret, _kernel);
        Span<byte> last = stackalloc byte[StripeLength];
        if (_buffered >= StripeLength)
        {
            buffered[^StripeLength..].CopyTo(last);
        }
        else
        {
            // The final stripe straddles what was absorbed and what is buffered.
            var fromBefore = StripeLength - _buffered;
            _lastStripe.AsSpan(_buffered).CopyTo(last);
            buffered.CopyTo(last[fromBefore..]);
        }
        return Xxh3Long.Finish(acc, last, (ulong)_length, _secret, _kernel);
    }
}
