using Kane.Organize.Signatures.Internal;

namespace Kane.Organize.Signatures;

/// <summary>
/// Decides a file's <see cref="FileCategory"/> from its first bytes and its name: the content signature first (a
/// renamed PNG is still an image), then the extension. A pure function; give it the head the hash task reads anyway
/// (<see cref="Hashing.FileHashing.SampleLength"/> bytes, or fewer for a short file).
/// </summary>
public static class FileClassifier
{
    // Containers that several formats share: the content proves the container, a compatible extension names the
    // variant (a .docx whose [Content_Types].xml lies beyond the head, an .m4a with a generic mp4 brand).
    private static readonly Dictionary<string, Dictionary<string, FileCategory>> Refinements = new(StringComparer.Ordinal)
    {
        ["zip"] = Of(FileCategory.Documents, "docx docm xlsx xlsm pptx pptm ppsx odt ods odp odg epub xps oxps pages numbers key"),
        ["mp4"] = Of(FileCategory.Audio, "m4a m4b m4p"),
        ["matroska"] = Of(FileCategory.Audio, "mka"),
        ["ogg"] = Of(FileCategory.Videos, "ogv"),
    };

    /// <summary>Classifies a file from <paramref name="head"/> (its first bytes) and <paramref name="fileName"/> (no directory needed).</summary>
    public static Classification Classify(ReadOnlySpan<byte> head, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        var extension = Extension(name);
        var byExtension = ExtensionTable.Lookup(name, extension);
        if (ContentSignatures.Detect(head) is { } detected)
        {
            var category = detected.Category;
            if (Refinements.TryGetValue(detected.Format, out var variants) && variants.TryGetValue(extension, out var refined))
                category = refined;
            return new Classification(category, detected.Format, ClassificationSource.Content, byExtension is { } e && e != category);
        }
        if (byExtension is { } fromExtension)
            return new Classification(fromExtension, extension.Length > 0 ? extension : name.ToLowerInvariant(), ClassificationSource.Extension, false);
        return new Classification(FileCategory.Other, "", ClassificationSource.None, false);
    }

    /// <summary>The lower-case extension without its dot; none for dot-files such as <c>.bashrc</c>.</summary>
    internal static string Extension(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot <= 0 || dot == name.Length - 1 ? "" : name[(dot + 1)..].ToLowerInvariant();
    }

    private static Dictionary<string, FileCategory> Of(FileCategory category, string extensions) =>
        extensions.Split(' ').ToDictionary(e => e, _ => category, StringComparer.Ordinal);
}
