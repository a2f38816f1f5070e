using System.Buffers.Binary;
using System.Text;
using Kane.Organize.Hashing;

namespace Kane.Organize.Moving.Internal;

/// <summary>
/// The move journal's record format: <c>magic(4) length(4) payload(length) checksum(8)</c>, little-endian, where the
/// checksum is the low half of the payload's XXH3-128. A record cut by a crash (short, or a checksum that does not
/// match) ends the readable journal. Paths are stored as raw bytes (<see cref="PosixNames"/>).
/// </summary>
internal static class JournalCodec
{
    public const uint Magic = 0x314A4D4B; // "KMJ1"
    private const int HeaderBytes = 8;
    private const int ChecksumBytes = 8;
    private const int MaxPayload = 1 << 20;

    public enum RecordType : byte
    {
        Intent = 1,
        Placing = 2,
        Done = 3,
        Failed = 4,
    }

    public abstract record Record(long Id);

    public sealed record IntentRecord(long Id, MoveRequest Request, string TempPath) : Record(Id);

    public sealed record PlacingRecord(long Id) : Record(Id);

    public sealed record DoneRecord(long Id, bool Copied) : Record(Id);

    public sealed record FailedRecord(long Id, MoveFailure Failure, int Errno, string Message) : Record(Id);

    public static byte[] Encode(Record record)
    {
        var payload = new MemoryStream();
        var w = new BinaryWriter(payload);
        switch (record)
        {
            case IntentRecord i:
                w.Write((byte)RecordType.Intent);
                w.Write(i.Id);
                w.Write((byte)i.Request.Kind);
                w.Write(i.Request.Size);
                w.Write(i.Request.Expected.HasValue);
                w.Write(i.Request.Expected?.Low ?? 0);
                w.Write(i.Request.Expected?.High ?? 0);
                WriteBytes(w, PosixNames.ToBytes(i.Request.Source));
                WriteBytes(w, PosixNames.ToBytes(i.Request.Target));
                WriteBytes(w, PosixNames.ToBytes(i.TempPath));
                break;
            case PlacingRecord p:
                w.Write((byte)RecordType.Placing);
                w.Write(p.Id);
                break;
            case DoneRecord d:
                w.Write((byte)RecordType.Done);
                w.Write(d.Id);
                w.Write(d.Copied);
                break;
            case FailedRecord f:
                w.Write((byte)RecordType.Failed);
                w.Write(f.Id);
                w.Write((byte)f.Failure);
                w.Write(f.Errno);
                WriteBytes(w, Encoding.UTF8.GetBytes(f.Message));
                break;
            default:
                throw new ArgumentException($"unknown journal record {record.GetType().Name}", nameof(record));
        }
        w.Flush();
        var body = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        var frame = new byte[HeaderBytes + body.Length + ChecksumBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), body.Length);
        body.CopyTo(frame.AsSpan(HeaderBytes));
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(HeaderBytes + body.Length), Xxh3.Hash128(body).Low);
        return frame;
    }

    /// <summary>
    /// Reads records from the start of <paramref name="data"/> and returns them with the length of the valid prefix;
    /// everything after it is a torn or foreign tail.
    /// </summary>
    public static (List<Record> Records, long ValidLength) DecodeAll(ReadOnlySpan<byte> data)
    {
        var records = new List<Record>();
        var offset = 0;
        while (data.Length - offset >= HeaderBytes + ChecksumBytes)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]) != Magic)
                break;
            var length = BinaryPrimitives.ReadInt32LittleEndian(data[(offset + 4)..]);
            if (length <= 0 || length > MaxPayload || data.Length - offset - HeaderBytes - ChecksumBytes < length)
                break;
            var body = data.Slice(offset + HeaderBytes, length);
            var checksum = BinaryPrimitives.ReadUInt64LittleEndian(data[(offset + HeaderBytes + length)..]);
            if (Xxh3.Hash128(body).Low != checksum)
                break;
            Record? record;
            try
            {
                record = Decode(body);
            }
            catch (EndOfStreamException)
            {
                record = null;
            }
            if (record is null)
                break;
            records.Add(record);
            offset += HeaderBytes + length + ChecksumBytes;
        }
        return (records, offset);
    }

    private static Record? Decode(ReadOnlySpan<byte> body)
    {
        using var r = new BinaryReader(new MemoryStream(body.ToArray()));
        var type = (RecordType)r.ReadByte();
        var id = r.ReadInt64();
        switch (type)
        {
            case RecordType.Intent:
                var kind = (MoveKind)r.ReadByte();
                var size = r.ReadInt64();
                var hasExpected = r.ReadBoolean();
                var low = r.ReadUInt64();
                var high = r.ReadUInt64();
                var source = PosixNames.FromBytes(ReadBytes(r));
                var target = PosixNames.FromBytes(ReadBytes(r));
                var temp = PosixNames.FromBytes(ReadBytes(r));
                if (!Enum.IsDefined(kind))
                    return null;
                return new IntentRecord(id, new MoveRequest(source, target, size, hasExpected ? new Hash128(low, high) : null, kind), temp);
            case RecordType.Placing:
                return new PlacingRecord(id);
            case RecordType.Done:
                return new DoneRecord(id, r.ReadBoolean());
            case RecordType.Failed:
                var failure = (MoveFailure)r.ReadByte();
                var errno = r.ReadInt32();
                return new FailedRecord(id, failure, errno, Encoding.UTF8.GetString(ReadBytes(r)));
            default:
                return null;
        }
    }

    private static void WriteBytes(BinaryWriter w, byte[] bytes)
    {
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static byte[] ReadBytes(BinaryReader r)
    {
        var length = r.ReadInt32();
        if (length < 0 || length > MaxPayload)
            throw new EndOfStreamException();
        var bytes = r.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException();
    }
}
