using Kane.Organize.Signatures;

namespace Kane.Organize.Layout;

/// <summary>
/// The facts about one file that a <see cref="LayoutTemplate"/> renders: its category, its date (EXIF
/// DateTimeOriginal or the local modification time, chosen by the caller), the camera model if known, its name split
/// into <paramref name="Name"/> and <paramref name="Extension"/> (with the dot, or empty), and its size. Values are
/// raw: rendering sanitises them.
/// </summary>
public sealed record LayoutValues(FileCategory Category, DateTime Date, string Name, string Extension, long Size, string? Camera = null)
{
    /// <summary>
    /// Values for a file called <paramref name="fileName"/>: the extension is the part from the last dot, except
    /// that a leading dot (<c>.bashrc</c>) or a trailing one (<c>notes.</c>) does not start an extension.
    /// </summary>
    public static LayoutValues ForFile(string fileName, FileCategory category, DateTime date, long size, string? camera = null)
    {
        var (name, extension) = FileNames.Split(Path.GetFileName(fileName));
        return new LayoutValues(category, date, name, extension, size, camera);
    }
}
