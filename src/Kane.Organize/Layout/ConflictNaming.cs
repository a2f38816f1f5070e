namespace Kane.Organize.Layout;

/// <summary>
/// Free names for a target that is taken by different content: <c>name.ext</c>, then <c>name (1).ext</c>,
/// <c>name (2).ext</c>, ... The stem is shortened (on a character boundary) when the suffix would push the name past
/// 255 UTF-8 bytes; the extension is kept. Pure: the file system is consulted only through the caller's check.
/// </summary>
public static class ConflictNaming
{
    /// <summary>How many numbered names are tried before giving up.</summary>
    public const int MaxAttempts = 100_000;

    /// <summary>
    /// The first of <paramref name="path"/>, <c>name (1).ext</c>, <c>name (2).ext</c>, ... (in the same folder) for
    /// which <paramref name="exists"/> is false.
    /// </summary>
    /// <exception cref="IOException">All <see cref="MaxAttempts"/> names are taken.</exception>
    public static string FirstFree(string path, Func<string, bool> exists)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(exists);
        if (!exists(path))
            return path;
        var slash = path.LastIndexOf('/');
        var folder = path[..(slash + 1)];
        var (stem, extension) = FileNames.Split(path[(slash + 1)..]);
        for (var n = 1; n <= MaxAttempts; n++)
        {
            var candidate = folder + Numbered(stem, extension, n);
            if (!exists(candidate))
                return candidate;
        }
        throw new IOException($"no free name for '{path}' after {MaxAttempts} numbered attempts");
    }

    /// <summary><c>stem (n)ext</c>, the stem shortened so the whole stays within 255 UTF-8 bytes.</summary>
    public static string Numbered(string stem, string extension, int n)
    {
        var suffix = $" ({n})";
        var room = FileNames.MaxSegmentBytes - FileNames.Utf8Length(suffix) - FileNames.Utf8Length(extension);
        if (room < 1)
        {
            // An extension this long is not really one; keep the whole within the limit from the front.
            return FileNames.TruncateUtf8(stem + extension, FileNames.MaxSegmentBytes - FileNames.Utf8Length(suffix)) + suffix;
        }
        return FileNames.TruncateUtf8(stem, room) + suffix + extension;
    }
}
