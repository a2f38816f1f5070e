using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;

namespace Kane.Organize.Metadata;

/// <summary>
/// A file's date and camera for the layout: for images, EXIF DateTimeOriginal and the camera model (read with
/// MetadataExtractor); for everything else, or an image without them, the modification time in local time.
/// </summary>
public static class FileDates
{
    /// <summary>The text form the catalog keeps (local time, no offset).</summary>
    public const string Format = "yyyy-MM-ddTHH:mm:ss";

    /// <summary>Date and camera of the file at <paramref name="path"/>; EXIF is read only when <paramref name="isImage"/>.</summary>
    public static (DateTime Date, string? Camera) Read(string path, bool isImage, long mtimeMs)
    {
        var date = FromMtime(mtimeMs);
        if (!isImage) return (date, null);
        try
        {
            var directories = ImageMetadataReader.ReadMetadata(path);
            string? camera = null;
            foreach (var d in directories)
            {
                if (d is ExifSubIfdDirectory sub && sub.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var taken) && taken.Year is > 1800 and < 3000)
                    date = taken;
                if (d is ExifIfd0Directory ifd0 && ifd0.GetString(ExifDirectoryBase.TagModel) is { Length: > 0 } model)
                    camera = model.Trim('\0', ' ');
            }
            return (date, string.IsNullOrEmpty(camera) ? null : camera);
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or ArgumentException or FormatException or InvalidOperationException or IndexOutOfRangeException)
        {
            // Not a readable image after all (a wrong extension, a truncated file): the modification time stands.
            return (date, null);
        }
    }

    /// <summary>Unix milliseconds as local time.</summary>
    public static DateTime FromMtime(long mtimeMs) => DateTimeOffset.FromUnixTimeMilliseconds(mtimeMs).LocalDateTime;

    public static string ToText(DateTime date) => date.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTime Parse(string text) => DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None);
}
