using System.Text;

namespace Kane.Organize.Layout;

/// <summary>File-name arithmetic shared by the layout and the conflict naming; all lengths in UTF-8 bytes.</summary>
public static class FileNames
{
    /// <summary>The longest file name (one path segment) Linux file systems accept, in bytes.</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>
    /// Splits a file name into stem and extension (with its dot). A name that starts with its only dot
    /// (<c>.bashrc</c>) or ends with a dot has no extension.
    /// </summary>
    public static (string Name, string Extension) Split(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        return dot <= 0 || dot == fileName.Length - 1 ? (fileName, "") : (fileName[..dot], fileName[dot..]);
    }

    /// <summary>
    /// The longest prefix of <paramref name="text"/> whose UTF-8 encoding fits in <paramref name="maxBytes"/>, cut on a
    /// character boundary (a surrogate pair is never split).
    /// </summary>
    public static string TruncateUtf8(string text, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
            return text;
        var bytes = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
                break;
            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }
        return text[..end];
    }

    public static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);
}
