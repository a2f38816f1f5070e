using static Kane.Organize.Signatures.FileCategory;

namespace Kane.Organize.Signatures.Internal;

/// <summary>
/// MPEG audio (MP1/MP2/MP3) and AAC in ADTS frames without an ID3 tag. Eleven set bits occur in any binary, so a
/// frame header counts only when a second valid header sits exactly one frame length after it.
/// </summary>
internal static class MpegAudio
{
    // kbit/s by [table][index]; tables: MPEG-1 layer I, II, III; MPEG-2/2.5 layer I; MPEG-2/2.5 layers II and III.
    private static readonly int[][] Bitrates =
    [
        [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
        [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    ];

    // Hz by [version][index]; version bits: 0 = MPEG-2.5, 2 = MPEG-2, 3 = MPEG-1 (1 is reserved).
    private static readonly int[][] SampleRates = [[11025, 12000, 8000], [], [22050, 24000, 16000], [44100, 48000, 32000]];

    public static Detected? DetectFrameSync(ReadOnlySpan<byte> head)
    {
        if (AdtsFrameLength(head) is { } adts)
            return adts < head.Length && AdtsFrameLength(head[adts..]) is not null ? new Detected("aac", Audio) : null;
        if (FrameLength(head) is not { } length || length + 4 > head.Length)
            return null;
        // The next header must be valid and repeat the sync, version and layer bits.
        if ((head[length + 1] & 0xFE) != (head[1] & 0xFE) || FrameLength(head[length..]) is null)
            return null;
        var layer = (head[1] >> 1) & 3;
        return new Detected(layer == 1 ? "mp3" : layer == 2 ? "mp2" : "mp1", Audio);
    }

    private static int? FrameLength(ReadOnlySpan<byte> h)
    {
        if (h.Length < 4 || h[0] != 0xFF || (h[1] & 0xE0) != 0xE0)
            return null;
        var version = (h[1] >> 3) & 3;
        var layer = (h[1] >> 1) & 3; // 1 = III, 2 = II, 3 = I
        var bitrateIndex = h[2] >> 4;
        var rateIndex = (h[2] >> 2) & 3;
        if (version == 1 || layer == 0 || bitrateIndex is 0 or 15 || rateIndex == 3)
            return null;
        var table = version == 3 ? 3 - layer : layer == 3 ? 3 : 4;
        var bitrate = Bitrates[table][bitrateIndex] * 1000;
        var rate = SampleRates[version][rateIndex];
        var padding = (h[2] >> 1) & 1;
        return layer switch
        {
            3 => (12 * bitrate / rate + padding) * 4,
            1 when version != 3 => 72 * bitrate / rate + padding,
            _ => 144 * bitrate / rate + padding,
        };
    }

    private static int? AdtsFrameLength(ReadOnlySpan<byte> h)
    {
        // ADTS: sync 0xFFF, layer bits 00, sampling index below 13, frame length in 13 bits that spans three bytes.
        if (h.Length < 7 || h[0] != 0xFF || (h[1] & 0xF6) != 0xF0 || ((h[2] >> 2) & 0xF) >= 13)
            return null;
        var length = ((h[3] & 0x3) << 11) | (h[4] << 3) | (h[5] >> 5);
        return length >= 7 ? length : null;
    }
}
