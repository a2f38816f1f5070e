using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Kane.Remote.Internal;

/// <summary>
/// Frames on the wire: a 4-byte little-endian length, then one <see cref="FrameKind"/> byte, then a protobuf body.
/// The length counts the kind byte and the body and may not exceed the maximum frame size.
/// </summary>
internal static class Framing
{
    public const int HeaderSize = 4;

    /// <summary>The size a frame for <paramref name="body"/> would have (kind byte included, prefix excluded).</summary>
    public static int FrameSize(IMessage body) => 1 + body.CalculateSize();

    /// <summary>Writes a frame whose size <see cref="FrameSize"/> already computed; returns the bytes written.</summary>
    public static int Write(PipeWriter writer, FrameKind kind, IMessage body, int frameSize)
    {
        var total = HeaderSize + frameSize;
        var span = writer.GetSpan(total)[..total];
        BinaryPrimitives.WriteInt32LittleEndian(span, frameSize);
        span[HeaderSize] = (byte)kind;
        body.WriteTo(span[(HeaderSize + 1)..]);
        writer.Advance(total);
        return total;
    }

    public static int Write(PipeWriter writer, FrameKind kind, IMessage body) => Write(writer, kind, body, FrameSize(body));

    /// <summary>
    /// Takes one complete frame off the front of <paramref name="buffer"/>, if there is one.
    /// </summary>
    /// <exception cref="InvalidDataException">The length is negative, zero, or over <paramref name="maximumFrameSize"/>.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maximumFrameSize, out FrameKind kind, out ReadOnlySequence<byte> body)
    {
        kind = default;
        body = default;
        if (buffer.Length < HeaderSize) return false;
        Span<byte> prefix = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length <= 0 || length > maximumFrameSize)
            throw new InvalidDataException($"Frame length {length} is outside 1..{maximumFrameSize} (kane.remote.maximum-frame-size).");
        if (buffer.Length < HeaderSize + length) return false;
        var frame = buffer.Slice(HeaderSize, length);
        kind = (FrameKind)frame.FirstSpan[0];
        body = frame.Slice(1);
        buffer = buffer.Slice(HeaderSize + length);
        return true;
    }
}
