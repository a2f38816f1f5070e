using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json.Serialization.Metadata;

namespace Kane.Cmd.Internal;

/// <summary>Reads and writes length-prefixed frames: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.</summary>
internal static class FrameIO
{
    public const int HeaderSize = 4;

    /// <summary>Reads one frame's payload, or null at a clean end of stream before any header byte.</summary>
    /// <exception cref="FrameException">The length is not positive or exceeds <paramref name="maxBytes"/>, or the stream ends inside the frame.</exception>
    public static async ValueTask<byte[]?> ReadAsync(Stream stream, int maxBytes, CancellationToken ct)
    {
        var header = new byte[HeaderSize];
        var read = await ReadAtLeastAsync(stream, header, ct).ConfigureAwait(false);
        if (read == 0) return null;
        if (read < HeaderSize) throw new FrameException(Protocol.CmdProtocol.ErrorMalformed, "the connection closed inside a frame header");
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length <= 0) throw new FrameException(Protocol.CmdProtocol.ErrorMalformed, $"a frame length of {length} is not valid; frames are a 4-byte big-endian length and UTF-8 JSON");
        if (length > maxBytes) throw new FrameException(Protocol.CmdProtocol.ErrorTooLarge, $"a frame of {length} bytes exceeds the limit of {maxBytes} bytes");
        var payload = new byte[length];
        if (await ReadAtLeastAsync(stream, payload, ct).ConfigureAwait(false) < length)
            throw new FrameException(Protocol.CmdProtocol.ErrorMalformed, $"the connection closed inside a frame of {length} bytes");
        return payload;
    }

    public static async ValueTask WriteAsync<T>(Stream stream, T value, JsonTypeInfo<T> info, CancellationToken ct)
    {
        var payload = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, info);
        var buffer = ArrayPool<byte>.Shared.Rent(HeaderSize + payload.Length);
        try
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer, payload.Length);
            payload.CopyTo(buffer, HeaderSize);
            await stream.WriteAsync(buffer.AsMemory(0, HeaderSize + payload.Length), ct).ConfigureAwait(false);
            await stream.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async ValueTask<int> ReadAtLeastAsync(Stream stream, byte[] buffer, CancellationToken ct) =>
        await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
}

/// <summary>A frame that breaks the protocol; <see cref="Code"/> is the error code the peer is told.</summary>
internal sealed class FrameException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
